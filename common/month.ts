// Months are 'YYYY-MM' strings throughout the API and the database; dates are 'YYYY-MM-DD'.

export const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const DATE_RE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Last calendar day of a month: '2024-02' → '2024-02-29'. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, '0')}`;
}

/** True when the string is a real calendar date (rejects 2024-02-30). */
export function isRealDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const idx = y! * 12 + (m! - 1) + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** "2024-09" as written in Vietnamese documents: "9/2024". */
export function monthVi(month: string): string {
  const m = MONTH_RE.exec(month);
  return m ? `${Number(m[2])}/${m[1]}` : month;
}
