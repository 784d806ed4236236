// The account corner of the header (log in / out, API tokens) and the session: a change of user is
// written to the data store, which the features that depend on the user follow.
import { onSessionChange, refreshSession } from '../../api/session.ts';
import { renderAccount } from './render.ts';
import type { AppContext } from '../../app/context.ts';

export async function mountAccount(ctx: Pick<AppContext, 'shell' | 'data' | 'view'>): Promise<void> {
  onSessionChange(() => {
    renderAccount(ctx.shell.account);
    ctx.data.set({ session: ctx.data.get().session + 1 });
  });
  ctx.view.subscribe(['lang'], () => renderAccount(ctx.shell.account));
  renderAccount(ctx.shell.account);
  await refreshSession().catch(() => undefined);
}
