/**
 * `POST /p/:id/import`: the upload form's files stream to the upload folder (never into memory) up to the upload
 * limit, with the CSRF token checked before the first byte of a file; pasted BibTeX arrives as a small form. Then the
 * upload is previewed and the browser goes to the preview.
 */
import { csrfError, csrfMatches, CSRF_FIELD, CSRF_HEADER, isStreamedUpload } from '../auth/middleware';
import { isAppError, type AppError } from '../errors';
import { hasKey } from '../i18n';
import { isoDateSchema, RECORD_TYPES, type RecordType } from '../plan/schema';
import {
  exportChoices,
  field,
  importer,
  maxUploadBytes,
  ownerOf,
  preview,
  uploadPage,
  type C,
} from './page-parts';
import { IMPORT_FORMATS, type ImportFormat } from './types';
import { receiveUpload } from './upload-stream';
import { beginUpload, deleteUpload, saveUpload, storeUpload, type Upload, type UploadMeta } from './uploads';
import { MAX_ZIP_FILES } from './zip';

type Choices = Omit<UploadMeta, 'id' | 'createdAt' | 'fileName' | 'fileNames' | 'sha256'>;

/** What the form chose (record type, format, partner, date, analytics options); undefined without a valid type. */
function choicesOf(c: C, who: { projectId: string; own?: string }, body: Record<string, unknown>) {
  const type = field(body, 'type');
  if (!(RECORD_TYPES as readonly string[]).includes(type)) return undefined;
  const format = field(body, 'format');
  const date = field(body, 'date');
  const partner = who.own ?? (field(body, 'partner') || undefined);
  const choices: Choices = {
    projectId: who.projectId,
    owner: ownerOf(c),
    type: type as RecordType,
    ...((IMPORT_FORMATS as readonly string[]).includes(format) ? { format: format as ImportFormat } : {}),
    ...(partner ? { partner } : {}),
    ...(isoDateSchema.safeParse(date).success ? { snapshotDate: date } : {}),
    ...exportChoices(body),
  };
  return choices;
}

const messageOf = (c: C, e: AppError) => (hasKey(e.messageKey) ? c.var.t(e.messageKey, e.params) : e.message);

/** Previews a stored upload and sends the browser to it; a file that cannot be read as asked is said on the form. */
async function previewAndGo(c: C, upload: Upload) {
  try {
    await preview(c, upload);
  } catch (e) {
    await deleteUpload(upload.id);
    if (isAppError(e) && e.status === 400) return uploadPage(c, messageOf(c, e), 400);
    throw e;
  }
  return c.redirect(`/p/${upload.projectId}/import/${upload.id}`, 303);
}

/** The upload form: its files streamed into a new upload's folder, then filed (zips unpacked) and previewed. */
async function streamed(c: C, who: { projectId: string; own?: string }) {
  const { t } = c.var;
  const { id, incoming } = await beginUpload();
  let upload: Upload;
  try {
    const length = Number(c.req.header('content-length'));
    const received = await receiveUpload({
      body: c.req.raw.body,
      contentType: c.req.header('content-type') ?? '',
      ...(Number.isFinite(length) ? { contentLength: length } : {}),
      dir: incoming,
      maxBytes: maxUploadBytes(c),
      maxFiles: MAX_ZIP_FILES,
      // A header token was checked by csrfProtection (a wrong one never gets here); else the form's `_csrf` field.
      csrfVerified: csrfMatches(c, c.req.header(CSRF_HEADER)),
      checkCsrf: (token) => csrfMatches(c, token),
      csrfField: CSRF_FIELD,
      csrfError,
    });
    const choices = choicesOf(c, who, received.fields);
    if (!choices) {
      await deleteUpload(id);
      return uploadPage(c, t('import.error.type'), 400);
    }
    const pasted = received.fields.bibtex?.trim() ?? '';
    if (received.files.length === 0) {
      await deleteUpload(id);
      if (!pasted) return uploadPage(c, t('import.error.noFile'), 400);
      const upload = await saveUpload([{ name: t('import.pasted'), data: Buffer.from(pasted, 'utf8') }], {
        ...choices,
        format: 'bibtex',
      });
      return previewAndGo(c, upload);
    }
    upload = await storeUpload(id, received.files, choices);
  } catch (e) {
    await deleteUpload(id);
    // Too large (413), no disk space (507), an unreadable body or an unsafe zip (400): said on the form.
    if (isAppError(e) && (e.status === 400 || e.status === 413 || e.status === 507))
      return uploadPage(c, messageOf(c, e), e.status);
    throw e;
  }
  if (upload.files.length > MAX_ZIP_FILES) {
    await deleteUpload(upload.id);
    return uploadPage(c, t('import.error.tooManyFiles', { max: MAX_ZIP_FILES }), 400);
  }
  return previewAndGo(c, upload);
}

/** `POST /p/:id/import`: permission first, then the streamed files or the pasted BibTeX (a small form). */
export async function postUpload(c: C) {
  const who = await importer(c);
  if (isStreamedUpload(c)) return streamed(c, who);
  const { t } = c.var;
  const body = await c.req.parseBody();
  const choices = choicesOf(c, who, body);
  if (!choices) return uploadPage(c, t('import.error.type'), 400);
  const pasted = field(body, 'bibtex');
  if (!pasted) return uploadPage(c, t('import.error.noFile'), 400);
  const upload = await saveUpload([{ name: t('import.pasted'), data: Buffer.from(pasted, 'utf8') }], {
    ...choices,
    format: 'bibtex',
  });
  return previewAndGo(c, upload);
}
