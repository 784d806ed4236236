// The URL is a subscriber of the view state: every change is written 50 ms after the last one, so a
// copied link reproduces what the sender saw.
import type { Store } from './store.ts';
import { serializeView, type ViewState } from './view.ts';

export function followUrl(view: Store<ViewState>): { now(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const write = () => history.replaceState(null, '', `${location.pathname}?${serializeView(view.get())}`);
  view.subscribe(null, () => {
    clearTimeout(timer);
    timer = setTimeout(write, 50);
  });
  return {
    now() {
      clearTimeout(timer);
      write();
    },
  };
}
