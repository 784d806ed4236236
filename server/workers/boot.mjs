// Entry of a worker thread: registers tsx's loader (Node 20 does not pass the parent's module hooks to
// workers), then loads the TypeScript worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
