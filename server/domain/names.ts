// Vietnamese place names come in many spellings: with or without diacritics, old or new tone placement
// ("Thuỷ"/"Thủy"), "Ð" (U+00D0, Icelandic eth) typed for "Đ", with or without a type prefix ("Huyện").
// normalizeName folds all of those to one key, used for search and for matching imported files.

import { foldDiacritics } from '../../common/fold.ts';

const UNIT_PREFIXES = [
  'thu do',
  'thanh pho',
  'dac khu',
  'tinh',
  'quan',
  'huyen',
  'thi xa',
  'thi tran',
  'phuong',
  'xa',
  'tp',
  'tx',
  'tt',
  'h',
  'q',
  'p',
];

/**
 * The folded spellings a column header is looked up by, most specific first: the whole header, then
 * without what it says in brackets ("Độ cao anten (m)" → "do cao anten m", then "do cao anten"), so a
 * unit in brackets never hides the column and "X (WGS84)" can still differ from "Tọa độ X (VN2000)".
 */
export function headerKeys(h: string): string[] {
  const whole = foldDiacritics(h);
  const bare = foldDiacritics(h.replace(/\s*[([][^)\]]*[)\]]\s*/g, ' '));
  return bare && bare !== whole ? [whole, bare] : [whole];
}

/** Folded name without a leading unit-type prefix: "Huyện Thuỷ Nguyên" → "thuy nguyen". */
export function normalizeName(s: string): string {
  let folded = foldDiacritics(s);
  for (const p of UNIT_PREFIXES) {
    if (folded.startsWith(p + ' ') && folded.length > p.length + 1) {
      folded = folded.slice(p.length + 1);
      break;
    }
  }
  return folded;
}
