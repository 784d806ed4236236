// Numbers as people in Viet Nam write them, read the same way by the bulk import and the station form.

/**
 * Numbers as Vietnamese files write them. Counts use "." or "," between thousands ("2.500.000",
 * "1,800"); measures (coordinates, heights) use "," or "." as the decimal mark ("21,0285", "21.193"),
 * so "21.193" is a latitude, never 21,193.
 */
export function parseNumber(s: string, kind: 'measure' | 'count' = 'measure'): number | null {
  const t = s.replace(/[\s\u00a0]/g, '');
  if (t === '') return null;
  let norm = t;
  if (kind === 'count' && /^-?\d{1,3}([.,]\d{3})+$/.test(t)) norm = t.replace(/[.,]/g, '');
  // Thousands dots: two or more groups, or any with a decimal comma after them ("551.785,20").
  else if (/^-?\d{1,3}((\.\d{3}){2,}(,\d+)?|(\.\d{3})+,\d+)$/.test(t)) norm = t.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d+,\d+$/.test(t)) norm = t.replace(',', '.');
  else if (/^-?\d{1,3}((,\d{3}){2,}(\.\d+)?|(,\d{3})+\.\d+)$/.test(t)) norm = t.replace(/,/g, '');
  const n = Number(norm);
  return Number.isFinite(n) ? n : null;
}
