// The coverage model's name, in both languages. The API names the model in English (`model` of every
// coverage answer); the page shows it in the reader's language.
export const COVERAGE_MODEL = {
  en: 'Okumura–Hata (≤1500 MHz) / COST-231 Hata (>1500 MHz) link budget',
  vi: 'quỹ đường truyền Okumura–Hata (≤1500 MHz) / COST-231 Hata (>1500 MHz)',
} as const;

/** The model an answer names, in `lang`; a model this code does not know is shown as the API names it. */
export function modelName(model: string, lang: 'vi' | 'en'): string {
  return model === COVERAGE_MODEL.en ? COVERAGE_MODEL[lang] : model;
}
