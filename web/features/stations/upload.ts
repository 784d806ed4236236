// Uploads for the import dialogs: the file sent with upload progress, then the server's job followed until
// its answer, both shown on one progress bar, with a button to cancel the job while the server works.
import { el } from '../../ui/dom.ts';
import { t } from '../../i18n/index.ts';
import { api, send, writeHeaders } from '../../api/client.ts';

export interface ProgressView {
  element: HTMLElement;
  show(text: string, pct: number): void;
  hide(): void;
  /** While a job runs, the cancel button calls `cancel`; null hides it. */
  whileJob(cancel: (() => void) | null): void;
}

/** A progress bar for the upload and the work after it, hidden until a file is sent; texts go to `status`. */
export function progressBar(id: string, status: HTMLElement): ProgressView {
  const bar = el('progress', { id, max: '100', value: '0' });
  const cancel = el('button', { type: 'button', id: `${id}-cancel`, hidden: true }, t('cancel'));
  const element = el('div', { class: 'upload-progress', hidden: true }, bar, cancel);
  let onCancel: (() => void) | null = null;
  cancel.addEventListener('click', () => {
    cancel.disabled = true;
    onCancel?.();
  });
  return {
    element,
    show(text, pct) {
      element.hidden = false;
      bar.value = pct;
      status.textContent = text;
    },
    hide() {
      element.hidden = true;
      cancel.hidden = true;
    },
    whileJob(fn) {
      onCancel = fn;
      cancel.hidden = !fn;
      cancel.disabled = false;
    },
  };
}

/**
 * Uploads a file with progress (fetch cannot report upload progress, so this is the one request not
 * sent by the typed client; its path is still built by it). The upload is sent as a job: the server
 * answers 202 at once, and the job's progress (rows read, checked and written) is shown until its answer.
 */
export async function upload<Report>(
  url: string,
  form: FormData,
  progress: ProgressView,
): Promise<{ status: number; body: Report }> {
  try {
    const sent = await new Promise<{ status: number; body: Report & { job?: { id: string } } }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${url}${url.includes('?') ? '&' : '?'}job=1`);
      for (const [k, v] of Object.entries(writeHeaders())) xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (e) => {
        if (!e.lengthComputable) return;
        const p = Math.round((e.loaded / e.total) * 100);
        progress.show(t('uploading', { p }), p / 2);
      };
      xhr.onload = () => {
        try {
          resolve({ status: xhr.status, body: JSON.parse(xhr.responseText) as Report & { job?: { id: string } } });
        } catch {
          reject(new Error(`HTTP ${xhr.status}`));
        }
      };
      xhr.onerror = () => reject(new Error('network error'));
      xhr.send(form);
    });
    const job = sent.status === 202 ? sent.body.job : undefined;
    if (!job) return sent;
    const param = { param: { id: job.id } };
    progress.whileJob(() => void send(api.jobs[':id'].$delete(param)).catch(() => undefined));
    for (;;) {
      const j = await send(api.jobs[':id'].$get(param));
      if (j.state !== 'running') return { status: j.status ?? 500, body: j.result as unknown as Report };
      progress.show(t('processing', { p: j.percent ?? 0 }), 50 + (j.percent ?? 0) / 2);
      await new Promise((r) => setTimeout(r, 400));
    }
  } finally {
    progress.hide();
  }
}
