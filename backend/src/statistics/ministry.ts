import { referenceData } from '@sanad/seeds';
import { cellText, protectTable, type Cell, type ProtectedTable } from './disclosure';

/**
 * The Ministry's school-violence reporting categories (Marsad "nature of violence", seeds taxonomy
 * `ministryCategories`) and the mapping of our cyberviolence types to them (`types[].ministryCategory`).
 * A case with several types is counted once, in its most serious category by this order, so that the rows add
 * up to the number of cases; a case not yet described (no type) is counted in OTHER.
 */
export const CATEGORY_PRECEDENCE = ['SEXUAL', 'PHYSICAL', 'PSYCHOLOGICAL', 'VERBAL', 'OTHER'] as const;
export type MinistryCategoryCode = (typeof CATEGORY_PRECEDENCE)[number];

const CATEGORY_OF_TYPE = new Map<string, string>(referenceData.taxonomy.types.map((t) => [t.code, t.ministryCategory]));

export function ministryCategoryOf(types: readonly string[]): MinistryCategoryCode {
  const categories = new Set(types.map((t) => CATEGORY_OF_TYPE.get(t) ?? 'OTHER'));
  return CATEGORY_PRECEDENCE.find((c) => categories.has(c)) ?? 'OTHER';
}

/** Cases of one period and scope by Ministry category, open and closed. */
export type CategoryCounts = Record<MinistryCategoryCode, { open: number; closed: number }>;

export function emptyCategoryCounts(): CategoryCounts {
  return Object.fromEntries(CATEGORY_PRECEDENCE.map((c) => [c, { open: 0, closed: 0 }])) as CategoryCounts;
}

export const CSV_SEPARATOR = ';';
const CSV_COLUMNS = ['ministry_category', 'label_fr', 'label_ar', 'label_en', 'cases', 'open', 'closed'];

const quote = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Categories (in the order of the taxonomy) × open / closed, protected with its margins (CSV and PDF report). */
export function ministryTable(counts: CategoryCounts, control: boolean): ProtectedTable {
  return protectTable(
    referenceData.taxonomy.ministryCategories.map((c) => [counts[c.code]?.open ?? 0, counts[c.code]?.closed ?? 0]),
    control,
  );
}

/**
 * The Ministry export: UTF-8 with a byte-order mark (Excel opens it as UTF-8, Arabic included), `;` between
 * fields (what French-language Excel expects), CRLF line ends, one row per Ministry category in the order of
 * the taxonomy, then TOTAL. Counts suppressed as in the statistics ("<5", "c"): the table is protected with
 * its margins (categories × open/closed, row totals, column totals, grand total).
 */
export function ministryCsv(counts: CategoryCounts, control: boolean): string {
  const categories = referenceData.taxonomy.ministryCategories;
  const table = ministryTable(counts, control);
  const line = (fields: string[]) => fields.map(quote).join(CSV_SEPARATOR);
  const counted = (total: Cell, row: Cell[]) => [cellText(total), ...row.map(cellText)];
  const lines = [
    line(CSV_COLUMNS),
    ...categories.map((c, y) => line([c.code, c.label.fr, c.label.ar, c.label.en, ...counted(table.rowTotals[y], table.cells[y])])),
    line(['TOTAL', 'Total', 'المجموع', 'Total', ...counted(table.total, table.columnTotals)]),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
