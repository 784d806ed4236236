// The one channel for failures users should see: a dismissable message at the top of the map.
import { el } from './dom.ts';

let box: HTMLElement | undefined;

export function mountErrors(parent: HTMLElement): void {
  box = el('div', { class: 'errors', role: 'alert', 'aria-live': 'assertive' });
  parent.append(box);
}

export function reportError(message: string): void {
  if (!box) return console.error(message);
  const item = el('div', { class: 'error' }, message, el('button', { type: 'button', 'aria-label': '×' }, '×'));
  item.querySelector('button')!.addEventListener('click', () => item.remove());
  box.append(item);
  setTimeout(() => item.remove(), 10_000);
}

/** True for the AbortError of a superseded request, which is not a failure. */
export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}
