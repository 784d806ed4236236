// Vietnamese text folded for comparison, on both sides: the server matches names and headers with it, the
// page filters its tables with it, so "thuy nguyen" finds Thuỷ Nguyên (and Thủy Nguyên) everywhere. Names
// are sorted in Vietnamese order with one collator on both sides too.

/** Lower-case, strip diacritics (so tone placement no longer matters), map Đ/Ð/đ to d, collapse spaces. */
export function foldDiacritics(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐÐð]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Vietnamese order of two names, from one collator made once: `localeCompare(…, 'vi')` builds a collator
 * on every call (a search sorts thousands of names; a province's table, 170 rows: 0.8 ms against 0.14).
 */
export const compareVi = new Intl.Collator('vi').compare;
