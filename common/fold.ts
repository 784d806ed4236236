// Vietnamese text folded for comparison, on both sides: the server matches names and headers with it, the
// page filters its tables with it, so "thuy nguyen" finds Thuỷ Nguyên (and Thủy Nguyên) everywhere.

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
