/** Form pieces shared by every page with a form: the CSRF field, field errors, notices. */
import type { Child, FC } from 'hono/jsx';
import type { ErrorDetail } from '../errors';
import { hasKey, type Translator } from '../i18n';
import { CSRF_FIELD } from '../auth/middleware';
import { requestView } from '../auth/views/request';

/** The hidden CSRF field every POST form needs (htmx requests also send it as a header). */
export const CsrfField: FC = () => <input type="hidden" name={CSRF_FIELD} value={requestView().csrfToken} />;

/**
 * The text of an error detail (or an import row error) in the page's language: its `key` with `params` when the
 * catalog has the key, else its message translated when the message is itself a key, else the English message.
 */
export const detailText = (t: Translator, d: Pick<ErrorDetail, 'message' | 'key' | 'params'>): string =>
  d.key !== undefined && hasKey(d.key) ? t(d.key, d.params) : hasKey(d.message) ? t(d.message) : d.message;

/** A list of problems, each naming its field. */
export const FormErrors: FC<{ t: Translator; message?: string; details?: ErrorDetail[] }> = ({
  t,
  message,
  details,
}) => {
  if (!message && !details?.length) return null;
  return (
    <div class="form-errors" role="alert">
      {message ? <p>{message}</p> : null}
      {details?.length ? (
        <ul>
          {details.map((d) => (
            <li data-field={d.path}>{detailText(t, d)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
};

export const Notice: FC<{ children?: Child }> = ({ children }) =>
  children ? (
    <p class="notice" role="status">
      {children}
    </p>
  ) : null;
