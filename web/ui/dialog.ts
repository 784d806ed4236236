// Modal dialogs on the native <dialog> element: focus trapping, Escape to close and a backdrop for free.
import { el } from './dom.ts';
import { t } from '../i18n/index.ts';

export function openDialog(
  title: string,
  body: Node,
  options: { id?: string; wide?: boolean } = {},
): { dialog: HTMLDialogElement; close: () => void } {
  const close = el('button', { type: 'button', class: 'close', 'aria-label': t('close') }, '×');
  const dialog = el(
    'dialog',
    { class: options.wide ? 'dialog wide' : 'dialog', id: options.id },
    el('div', { class: 'dialog-head' }, el('h2', {}, title), close),
    body,
  );
  document.body.append(dialog);
  const done = () => {
    dialog.close();
    dialog.remove();
  };
  close.addEventListener('click', done);
  dialog.addEventListener('close', () => dialog.remove());
  dialog.showModal();
  return { dialog, close: done };
}

/** A labelled form field. */
export function field(label: string, control: HTMLElement, help?: string): HTMLElement {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  return el(
    'div',
    { class: 'field' },
    el('label', { for: id }, label),
    control,
    help ? el('small', { class: 'hint' }, help) : null,
  );
}
