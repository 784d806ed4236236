// A small typed store: the single source of truth for what the page shows. Features read it and
// subscribe to the keys they draw from; a change notifies only the subscribers of the keys that
// changed (compared by identity, so values are replaced, never mutated in place).

export type Listener<T> = (state: Readonly<T>, changed: ReadonlySet<keyof T>) => void;

export interface Store<T extends object> {
  get(): Readonly<T>;
  /** Replaces the given keys; subscribers of a key run once if its value is not identical. */
  set(patch: Partial<T>): void;
  /** Runs `listener` after every change touching one of `keys` (every change when `keys` is omitted). */
  subscribe(keys: readonly (keyof T)[] | null, listener: Listener<T>): () => void;
}

export function createStore<T extends object>(initial: T): Store<T> {
  let state: T = { ...initial };
  const listeners = new Set<{ keys: ReadonlySet<keyof T> | null; listener: Listener<T> }>();
  let pending: Set<keyof T> | null = null;

  const notify = (changed: Set<keyof T>) => {
    for (const l of [...listeners]) {
      if (!listeners.has(l)) continue;
      if (l.keys && ![...changed].some((k) => l.keys!.has(k))) continue;
      l.listener(state, changed);
    }
  };

  return {
    get: () => state,
    set(patch) {
      const changed = new Set<keyof T>();
      for (const key of Object.keys(patch) as (keyof T)[]) {
        if (!Object.is(state[key], patch[key])) changed.add(key);
      }
      if (changed.size === 0) return;
      state = { ...state, ...patch };
      // A listener that sets the store again is notified after the current round, in order.
      if (pending) {
        for (const k of changed) pending.add(k);
        return;
      }
      pending = changed;
      while (pending.size > 0) {
        const round = pending;
        pending = new Set();
        notify(round);
      }
      pending = null;
    },
    subscribe(keys, listener) {
      const entry = { keys: keys ? new Set(keys) : null, listener };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
  };
}
