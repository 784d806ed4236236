// Hono environment shared by the app and its routes.
export type AppEnv = { Variables: Record<string, never> };
