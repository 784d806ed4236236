// Hono environment shared by the app and its routes: who is calling and through what.
import type { AuthUser } from '../domain/auth.ts';

export type AppEnv = {
  Variables: {
    user: AuthUser | null;
    /** 'form' (session cookie) or 'api_token:<name>'; null when anonymous. */
    via: string | null;
    csrfToken: string | null;
  };
};
