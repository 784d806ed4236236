// The HTTP edge of the one error shape:
//   { "error": { "id": "invalid_parameter", "field": "bbox", "message": "...", "message_vi": "..." } }
// Domain code throws DomainError with a stable id; this table alone decides the status each id answers.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from '@hono/zod-openapi';
import { DomainError, translateIssue, type ErrorBody, type ErrorId } from '../domain/errors.ts';

export const STATUS: Record<ErrorId, ContentfulStatusCode> = {
  invalid_parameter: 400,
  http_error: 400,
  invalid_credentials: 401,
  login_required: 401,
  invalid_token: 401,
  csrf: 403,
  forbidden: 403,
  not_found: 404,
  duplicate_site: 409,
  duplicate_user: 409,
  cancelled: 409,
  too_large: 413,
  too_many_rows: 413,
  too_many_columns: 422,
  zip_too_large: 413,
  duplicate_form: 422,
  import_refused: 422,
  invalid_user: 422,
  invalid_station: 422,
  unknown_commune: 422,
  units_not_available: 422,
  unreadable_file: 422,
  unsupported_file: 422,
  empty_file: 422,
  weak_password: 422,
  wrong_encoding: 422,
  too_many_attempts: 429,
  internal: 500,
  database_unavailable: 503,
  server_busy: 503,
};

/** Turns the first zod issue into a 400 naming the parameter and the reason. */
export function validationError(error: z.ZodError): DomainError {
  const issue = error.issues[0]!;
  const field = issue.path.join('.') || 'body';
  return new DomainError(
    'invalid_parameter',
    `${field}: ${issue.message}`,
    `${field}: ${translateIssue(issue.message)}`,
    field,
  );
}

export function errorResponse(c: Context, err: DomainError, status: ContentfulStatusCode = STATUS[err.id]) {
  if (err.retryAfterSeconds) c.header('retry-after', String(err.retryAfterSeconds));
  return c.json(err.body(), status);
}

/** SQLite codes meaning "try again later", not "your request is wrong": busy, locked, disk full, read-only. */
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|FULL|READONLY|IOERR)/;

/**
 * The answer for anything thrown while serving a request (or running its job): a DomainError answers
 * with its own status; a busy or full database with 503 (nothing written, try again); anything else is
 * logged and answers 500 without details.
 */
export function errorAnswer(
  err: unknown,
  where: string,
  /** The caller went away (a map cancels the tiles it panned past): the work it stopped is not a fault. */
  callerLeft = false,
): { status: ContentfulStatusCode; body: ErrorBody; retryAfterSeconds?: number } {
  if (err instanceof DomainError)
    return { status: STATUS[err.id], body: err.body(), retryAfterSeconds: err.retryAfterSeconds };
  const code = (err as Error & { code?: string }).code;
  if (code && UNAVAILABLE.test(code)) {
    console.error(`[phusong] ${where}: database unavailable (${code})`);
    const unavailable = new DomainError(
      'database_unavailable',
      'the database cannot take this change right now (busy or out of space): nothing was written, try again shortly',
      'cơ sở dữ liệu tạm thời không ghi được (đang bận hoặc hết dung lượng): chưa ghi gì, hãy thử lại sau',
    );
    return { status: 503, body: unavailable.body(), retryAfterSeconds: 5 };
  }
  if (!callerLeft) console.error(`[phusong] ${where}:`, err);
  return { status: 500, body: new DomainError('internal', 'internal error', 'lỗi máy chủ').body() };
}
