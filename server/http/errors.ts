// One error type and one error shape for the whole API:
//   { "error": { "id": "invalid_parameter", "field": "bbox", "message": "...", "message_vi": "..." } }
// Messages name the field and the reason, in English and Vietnamese (users see them in the page).
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from '@hono/zod-openapi';

export interface ErrorBody {
  error: { id: string; message: string; message_vi: string; field?: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly id: string,
    message: string,
    readonly messageVi: string,
    readonly field?: string,
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
  new ApiError(404, 'not_found', `${what} ${id} not found`, `Không tìm thấy ${whatVi} ${id}`, field);

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

/** Turns the first zod issue into a 400 naming the parameter and the reason. */
export function validationError(error: z.ZodError): ApiError {
  const issue = error.issues[0]!;
  const field = issue.path.join('.') || 'body';
  return new ApiError(
    400,
    'invalid_parameter',
    `${field}: ${issue.message}`,
    `${field}: ${translateIssue(issue.message)}`,
    field,
  );
}

export function errorResponse(c: Context, err: ApiError) {
  return c.json(err.body(), err.status);
}
