/** A refused form shown again: what was typed (the draft), its errors beside their fields, the rest above the form. */
import type { FC } from 'hono/jsx';
import type { ErrorDetail } from '../../errors';
import { FormErrors, detailText } from '../../ui/form';
import type { ViewCtx } from '../../ui/parts';

/** What was typed in a refused form (field → value; checkboxes → values) and why it was refused. */
export interface Draft {
  values: Record<string, string | string[]>;
  errors: ErrorDetail[];
}

/** A draft's errors about `name` (the field itself or a part of it, e.g. `records.0`). */
export const errorsAbout = (draft: Draft | undefined, name: string): ErrorDetail[] =>
  (draft?.errors ?? []).filter((d) => d.path === name || d.path?.startsWith(`${name}.`));

/** The typed value of a field in a draft, else the stored one. */
export const valueOf = (
  draft: Draft | undefined,
  name: string,
  stored: string | null | undefined,
): string => {
  if (!draft) return stored ?? '';
  const v = draft.values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};

/** Errors beside a field, in the page's language. */
export const FieldErrors: FC<{ ctx: ViewCtx; draft?: Draft; name: string }> = ({ ctx, draft, name }) => {
  const errors = errorsAbout(draft, name);
  return errors.length > 0 ? (
    <span class="field-error" id={`err-${name}`} role="alert">
      {errors.map((d) => detailText(ctx.t, d)).join(' · ')}
    </span>
  ) : null;
};

/** The errors of a draft that no field of the form shows (e.g. a stale version). */
export const OtherErrors: FC<{ ctx: ViewCtx; draft?: Draft; fields: readonly string[] }> = ({
  ctx,
  draft,
  fields,
}) => {
  const other = (draft?.errors ?? []).filter(
    (d) => !fields.some((f) => errorsAbout({ values: {}, errors: [d] }, f).length),
  );
  return other.length > 0 ? <FormErrors t={ctx.t} details={other} /> : null;
};
