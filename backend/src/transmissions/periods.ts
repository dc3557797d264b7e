import type { Localized } from '../common/domain-error';

/**
 * The periods of school summaries (issue #9), pure: a month `2026-11`, or a term of a school year `2026-T1`.
 * Moroccan school years run from September to July in two semesters (الأسدوس): term T1 of the school year that
 * starts in September 2026 runs from 2026-09-01 to 2027-01-31, T2 from 2027-02-01 to 2027-07-31 (holidays are in
 * the school calendar and do not change the terms). `to` is exclusive.
 */
export interface Period {
  id: string;
  kind: 'month' | 'term';
  /** first day, YYYY-MM-DD */
  from: string;
  /** the day after the last one, YYYY-MM-DD */
  to: string;
  label: Localized;
}

const MONTHS: Record<keyof Localized, string[]> = {
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  // the month names used in Morocco
  ar: ['يناير', 'فبراير', 'مارس', 'أبريل', 'ماي', 'يونيو', 'يوليوز', 'غشت', 'شتنبر', 'أكتوبر', 'نونبر', 'دجنبر'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

const pad = (n: number) => String(n).padStart(2, '0');

/** The period named by `id`, or null when it is not a valid month or term. */
export function parsePeriod(id: string): Period | null {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(id);
  if (month) {
    const y = Number(month[1]);
    const m = Number(month[2]);
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`;
    return {
      id,
      kind: 'month',
      from: `${y}-${pad(m)}-01`,
      to: next,
      label: { fr: `${MONTHS.fr[m - 1]} ${y}`, ar: `${MONTHS.ar[m - 1]} ${y}`, en: `${MONTHS.en[m - 1]} ${y}` },
    };
  }
  const term = /^(\d{4})-T([12])$/.exec(id);
  if (term) {
    const y = Number(term[1]);
    const first = term[2] === '1';
    const years = `${y}-${y + 1}`;
    return {
      id,
      kind: 'term',
      from: first ? `${y}-09-01` : `${y + 1}-02-01`,
      to: first ? `${y + 1}-02-01` : `${y + 1}-08-01`,
      label: first
        ? { fr: `1er semestre ${years}`, ar: `الأسدوس الأول ${years}`, en: `First term ${years}` }
        : { fr: `2e semestre ${years}`, ar: `الأسدوس الثاني ${years}`, en: `Second term ${years}` },
    };
  }
  return null;
}

/** A period may be summarised once it has started (a summary of the month in progress is a partial one). */
export function periodStarted(period: Period, today: string): boolean {
  return period.from <= today && Number(period.from.slice(0, 4)) >= 2000;
}
