// The account corner of the header: log in / out, and API tokens for scripts (shown once).
import { el, clear } from '../../ui/dom.ts';
import { formatDay, t, word } from '../../i18n/index.ts';
import { currentUser, logIn, logOut } from '../../api/session.ts';
import { api, send } from '../../api/client.ts';
import { field, openDialog } from '../../ui/dialog.ts';
import { reportError } from '../../ui/errors.ts';

export function renderAccount(root: HTMLElement): void {
  clear(root);
  const user = currentUser();
  if (!user) {
    const b = el('button', { type: 'button', id: 'login-button', class: 'lang' }, t('login'));
    b.addEventListener('click', openLogin);
    root.append(b);
    return;
  }
  const tokens = el('button', { type: 'button', class: 'link', id: 'tokens-button' }, t('api_tokens'));
  tokens.addEventListener('click', () => void openTokens());
  const out = el('button', { type: 'button', class: 'lang', id: 'logout-button' }, t('logout'));
  out.addEventListener('click', () => void logOut().catch((e: Error) => reportError(e.message)));
  root.append(el('span', { class: 'who', id: 'who' }, `${user.display_name} · ${word('role', user.role)}`));
  if (user.role !== 'viewer') root.append(tokens);
  root.append(out);
}

function openLogin(): void {
  const username = el('input', { type: 'text', autocomplete: 'username', required: true, id: 'login-username' });
  const password = el('input', {
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    id: 'login-password',
  });
  const error = el('p', { class: 'form-error', role: 'alert' });
  const submit = el('button', { type: 'submit', class: 'primary', id: 'login-submit' }, t('login'));
  const form = el('form', {}, field(t('username'), username), field(t('password'), password), error, submit);
  const { close } = openDialog(t('login'), form, { id: 'login-dialog' });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await logIn(username.value.trim(), password.value);
      close();
    } catch (err) {
      error.textContent = (err as Error).message;
    }
  });
}

async function openTokens(): Promise<void> {
  const list = el('ul', { class: 'tokens' });
  const name = el('input', { type: 'text', maxlength: 60 });
  const create = el('button', { type: 'button', class: 'primary' }, t('token_create'));
  const secret = el('p', { class: 'secret' });
  const refresh = async () => {
    const r = await send(api.auth.tokens.$get());
    clear(list);
    for (const tk of r.tokens) {
      const revoke = el('button', { type: 'button', class: 'link' }, t('revoke'));
      revoke.addEventListener('click', async () => {
        await send(api.auth.tokens[':id'].$delete({ param: { id: String(tk.id) } })).catch((e: Error) =>
          reportError(e.message),
        );
        await refresh();
      });
      list.append(
        el(
          'li',
          {},
          `${tk.name} (${tk.prefix}…, ${formatDay(tk.created_at)}) `,
          tk.revoked_at ? `— ${t('revoke')}: ${formatDay(tk.revoked_at)}` : revoke,
        ),
      );
    }
  };
  create.addEventListener('click', async () => {
    try {
      const r = await send(api.auth.tokens.$post({ json: { name: name.value.trim() } }));
      secret.replaceChildren(el('b', {}, t('token_once')), el('br'), el('code', {}, r.token));
      await refresh();
    } catch (e) {
      reportError((e as Error).message);
    }
  });
  openDialog(t('api_tokens'), el('div', {}, list, field(t('token_name'), name), create, secret));
  await refresh();
}
