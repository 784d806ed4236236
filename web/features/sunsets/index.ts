// The sunset programmes, edited by the department: each milestone's date, and an operator's own network-off
// date where it differs from the national one. Saved whole (the server checks every programme and logs
// the change); the page then starts again on the new dates.
import { api, send } from '../../api/client.ts';
import { getLang, t, type LabelKey } from '../../i18n/index.ts';
import { el } from '../../ui/dom.ts';
import { field, openDialog } from '../../ui/dialog.ts';
import type { SunsetProgramme } from '../../../common/sunsets.ts';

type Operator = { id: string; name: string };

/** Labels of a programme's milestone in the page's words, for its technology. */
const milestoneLabel = (p: SunsetProgramme, kind: string) => t(`milestone_${kind}` as LabelKey, { tech: p.technology });

export function openSunsetsEditor(programmes: SunsetProgramme[], operators: Operator[]): void {
  const edits = programmes.map((p) => ({
    p,
    milestones: p.milestones.map((m) => {
      const input = el('input', { type: 'date', required: true, id: `sunset-${p.technology}-${m.kind}` });
      input.value = m.date;
      return { m, input };
    }),
    operators: operators.map((o) => {
      const input = el('input', { type: 'date', id: `sunset-${p.technology}-op-${o.id}` });
      input.value = p.operators[o.id]?.find((x) => x.kind === 'network_off')?.date ?? '';
      return { o, input };
    }),
  }));
  const error = el('p', { class: 'form-error', role: 'alert' });
  const save = el('button', { type: 'button', class: 'primary', id: 'sunsets-save' }, t('save'));
  const body = el(
    'div',
    { id: 'sunsets-editor' },
    el('p', { class: 'hint' }, t('sunsets_help')),
    ...edits.map((e) =>
      el(
        'fieldset',
        { 'data-technology': e.p.technology },
        el('legend', {}, getLang() === 'vi' ? e.p.name_vi : e.p.name_en),
        ...e.milestones.map(({ m, input }) =>
          field(milestoneLabel(e.p, m.kind), input, getLang() === 'vi' ? m.label_vi : m.label_en),
        ),
        el('h4', {}, t('operator_dates')),
        ...e.operators.map(({ o, input }) => field(`${o.name} — ${milestoneLabel(e.p, 'network_off')}`, input)),
        el('small', { class: 'hint' }, e.p.source),
      ),
    ),
    error,
    el('div', { class: 'buttons' }, save),
  );
  const { close } = openDialog(t('sunsets_edit'), body, { id: 'sunsets-dialog', wide: true });
  save.addEventListener('click', async () => {
    const sunsets = edits.map((e) => ({
      ...e.p,
      milestones: e.milestones.map(({ m, input }) => ({ ...m, date: input.value })),
      operators: Object.fromEntries(
        e.operators
          .filter(({ input }) => input.value !== '')
          .map(({ o, input }) => [o.id, [{ kind: 'network_off' as const, date: input.value }]]),
      ),
    }));
    try {
      await send(api.sunsets.$put({ json: { sunsets } }));
      error.textContent = t('sunsets_saved');
      close();
      // Every figure and label follows the programmes: the page starts again on the new dates.
      location.reload();
    } catch (e) {
      error.textContent = (e as Error).message;
    }
  });
}
