/** A file the checker cannot read: which file and why (an i18n key of src/brand/messages.ts + its parameters). */
import { AppError } from '../../errors';
import { translate } from '../../i18n';

export class BrandInputError extends AppError {
  readonly file: string;
  readonly reason: string;
  constructor(opts: { file: string; reason: string; params?: Record<string, string | number> }) {
    const params = { file: opts.file, ...opts.params };
    const key = `brand.input.${opts.reason}`;
    super({
      code: 'lint_input',
      status: 422,
      message: translate('en', key, params),
      messageKey: key,
      params,
    });
    this.file = opts.file;
    this.reason = opts.reason;
  }
}
