// Hono environment shared by the app and its routes: who is calling and through what.
import type { AuthUser } from '../domain/auth.ts';

export type AppEnv = {
  Variables: {
    user: AuthUser | null;
    /** 'form' (session cookie) or 'api_token:<name>'; null when anonymous. */
    via: string | null;
    csrfToken: string | null;
    /**
     * The answer's bytes, where a handler built them whole: the response cache keeps them as they are
     * instead of reading the response back (a copy of a province's 2 MB of sites per request).
     */
    body?: Uint8Array;
    /** The answer's ETag, where a handler can name it more cheaply than by hashing its bytes. */
    etag?: string;
    /** The answer is rebuilt in about a millisecond (from the kept site cells): cached within a small budget. */
    cheap?: boolean;
  };
};
