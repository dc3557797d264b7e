import { protectTable, THRESHOLD } from './disclosure';
import type { StatRowDto } from './dto/statistics.dto';

/**
 * Months of report × AI-facilitated or not (issue #13), protected as one table with its margins (disclosure.ts
 * protectTable): the months are its row totals, the AI-facilitated yes / no breakdown its column totals and the
 * monthly trend its "yes" column. The "no" column is never published but a reader gets it by subtracting the trend
 * from the months, so it is protected too: a month with 7 cases of which 5 AI-facilitated hides both. Months with
 * a case, ascending (a null month, never expected, last); zeros are shown. Null when the table cannot be protected
 * while the total of cases stays published: the three breakdowns are then withheld.
 */
export function protectMonthsAndAi(
  months: ReadonlyMap<string | null, number>,
  aiMonths: ReadonlyMap<string | null, number>,
  total: number,
  control: boolean,
): { month: StatRowDto[]; aiFacilitated: StatRowDto[]; aiTrend: StatRowDto[] } | null {
  const keys = [...months.keys()]
    .filter((k) => (months.get(k) ?? 0) > 0)
    .sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
  if (!keys.length) return { month: [], aiFacilitated: [], aiTrend: [] };
  const table = protectTable(
    keys.map((k) => {
      const ai = Math.min(aiMonths.get(k) ?? 0, months.get(k) ?? 0);
      return [ai, (months.get(k) ?? 0) - ai];
    }),
    control,
  );
  if (control && total >= THRESHOLD && table.total.suppressed) return null;
  return {
    month: keys.map((key, y) => ({ key, ...table.rowTotals[y] })),
    aiFacilitated: (['yes', 'no'] as const).map((key, x) => ({ key, ...table.columnTotals[x] })),
    aiTrend: keys.map((key, y) => ({ key, ...table.cells[y][0] })),
  };
}
