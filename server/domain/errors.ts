// What can go wrong, in the product's own words: each error has a stable id, an English and a
// Vietnamese message naming the field and the reason, and no HTTP status — the HTTP edge
// (server/http/errors.ts) decides which status each id answers with, so domain code, importers and
// command-line scripts share one error type without knowing about HTTP.

export const ERROR_IDS = [
  'invalid_parameter',
  'invalid_credentials',
  'login_required',
  'invalid_token',
  'csrf',
  'forbidden',
  'not_found',
  'duplicate_site',
  'duplicate_user',
  'too_large',
  'too_many_rows',
  'too_many_columns',
  'zip_too_large',
  'duplicate_form',
  'import_refused',
  'invalid_user',
  'invalid_station',
  'unknown_commune',
  'units_not_available',
  'unreadable_file',
  'unsupported_file',
  'empty_file',
  'weak_password',
  'wrong_encoding',
  'too_many_attempts',
  'cancelled',
  'database_unavailable',
  'server_busy',
  'http_error',
  'internal',
] as const;
export type ErrorId = (typeof ERROR_IDS)[number];

export interface ErrorBody {
  error: { id: string; message: string; message_vi: string; field?: string };
}

export class DomainError extends Error {
  constructor(
    readonly id: ErrorId,
    message: string,
    readonly messageVi: string,
    readonly field?: string,
    /** For throttling: how long the caller should wait (sent as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
  body(): ErrorBody {
    return {
      error: {
        id: this.id,
        message: this.message,
        message_vi: this.messageVi,
        ...(this.field ? { field: this.field } : {}),
      },
    };
  }
}

export const notFound = (what: string, whatVi: string, id: string, field?: string) =>
  new DomainError('not_found', `${what} ${id} not found`, `Không tìm thấy ${whatVi} ${id}`, field);

// Vietnamese for the English messages our schemas use; zod's own messages fall back to a generic phrase.
const VI = new Map<string, string>();

/** Registers a bilingual validation message and returns the English one for zod. */
export function bi(en: string, vi: string): string {
  VI.set(en, vi);
  return en;
}

export function translateIssue(message: string): string {
  return VI.get(message) ?? `giá trị không hợp lệ (${message})`;
}
