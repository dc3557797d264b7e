/**
 * Disclosure control for the statistics officers and administrators see (issue #9). Pure functions.
 *
 * 1. Primary suppression: a count from 1 to 4 (under THRESHOLD) is not shown (`reason: 'small'`, "<5"). Zero is
 *    shown: it says nothing about a child.
 * 2. Complementary suppression: in a breakdown whose cells add up to a published total (open/closed, tier,
 *    track, level, month, province, follow-up outcome, Ministry category), a suppressed cell must not be
 *    recomputable from the total and the other cells. While some suppressed cell of a group is pinned to a
 *    single value by what is published (the total, the visible cells, and what each mark tells: "<5" is 1–4,
 *    "c" is 5 or more), the smallest visible non-zero cell of that group is suppressed too (`reason:
 *    'complementary'`, "c"). With one suppressed cell this always adds a second one; it also catches two
 *    cells that could only be 1 + 1, or "<5" + "c" that could only be 1 + 5.
 *    Breakdowns where a case can be in several cells (types, platforms) have no such equation; they still get
 *    a second suppressed cell when only one is, to be safe.
 * 3. A total under the threshold is suppressed with all its cells. A breakdown that cannot be protected while
 *    its total is published (all its non-zero cells small and pinned by the total, like 4 + 4 = 8) is withheld.
 *
 * Percentiles and shares computed on fewer than THRESHOLD cases are suppressed (statistics.service.ts).
 * Out of scope (documented in docs/statistics.md): differencing between two requests with different filters.
 */
export const THRESHOLD = 5;

export type SuppressionReason = 'small' | 'complementary';

/** One published count: `value` null when suppressed. */
export interface Cell {
  value: number | null;
  suppressed: boolean;
  reason: SuppressionReason | null;
}

export const shown = (value: number): Cell => ({ value, suppressed: false, reason: null });
const hidden = (reason: SuppressionReason): Cell => ({ value: null, suppressed: true, reason });

/** A group of cells that add up to `total` (null: they do not, e.g. a case with several types). */
export interface Group {
  cells: number[];
  total: number | null;
}

/** What the reader knows of a cell from how it is published. */
function bounds(value: number, reason: SuppressionReason | null): [number, number] {
  if (reason === null) return [value, value];
  return reason === 'small' ? [1, THRESHOLD - 1] : [THRESHOLD, Number.POSITIVE_INFINITY];
}

/** Is one of the suppressed cells of the group pinned to a single value by the group's total? */
export function recomputable(values: readonly number[], reasons: readonly (SuppressionReason | null)[], total: number): boolean {
  return pinned([...values.map((v, i): Term => ({ value: v, reason: reasons[i], sign: 1 })), { value: total, reason: null, sign: -1 }]);
}

interface Term {
  value: number;
  reason: SuppressionReason | null;
  /** +1 for a cell, −1 for the total the cells add up to */
  sign: 1 | -1;
}

/** Σ sign × value = 0: can a hidden term be solved to exactly one value from the visible ones and the bounds of the others? */
function pinned(terms: readonly Term[]): boolean {
  const range = (t: Term): [number, number] => {
    const [lo, hi] = bounds(t.value, t.reason);
    return t.sign === 1 ? [lo, hi] : [-hi, -lo];
  };
  const ranges = terms.map(range);
  return terms.some((t, k) => {
    if (t.reason === null) return false;
    // sign_k x_k = −(sum of the others): its range, then back to x_k (sums without k: no ∞ − ∞)
    let restLo = 0;
    let restHi = 0;
    ranges.forEach(([lo, hi], j) => {
      if (j === k) return;
      restLo += lo;
      restHi += hi;
    });
    const [own0, own1] = bounds(t.value, t.reason);
    const [a, b] = t.sign === 1 ? [-restHi, -restLo] : [restLo, restHi];
    const min = Math.max(own0, a);
    const max = Math.min(own1, b);
    return min >= max;
  });
}

/** Cells that add up to a total: a known number, or another cell (`totalIndex`) that may itself be suppressed. */
export interface CellGroup {
  indices: readonly number[];
  /** null: the cells do not add up to anything published (a case may be in several of them) */
  total: number | null;
  totalIndex?: number;
}

/**
 * Suppression of a set of counts where several groups (rows, columns, margins) share cells: `values` flat, each
 * group a list of indices into it. Returns the reason for each cell (null: shown). Iterates until no group
 * needs another suppressed cell.
 */
export function suppressCells(values: readonly number[], groups: readonly CellGroup[]): (SuppressionReason | null)[] {
  const reasons: (SuppressionReason | null)[] = values.map((v) => (v >= 1 && v < THRESHOLD ? 'small' : null));
  for (let changed = true; changed;) {
    changed = false;
    for (const g of groups) {
      const cells: Term[] = g.indices.map((i): Term => ({ value: values[i], reason: reasons[i], sign: 1 }));
      let needsMore: boolean;
      if (g.totalIndex !== undefined) {
        needsMore = pinned([...cells, { value: values[g.totalIndex], reason: reasons[g.totalIndex], sign: -1 }]);
      } else if (g.total !== null) {
        needsMore = pinned([...cells, { value: g.total, reason: null, sign: -1 }]);
      } else {
        // no equation (a case may be in several cells): still never a lone hidden cell
        needsMore = cells.filter((c) => c.reason !== null).length === 1;
      }
      if (!needsMore) continue;
      const candidates = g.indices.filter((i) => reasons[i] === null && values[i] > 0).sort((a, b) => values[a] - values[b] || a - b);
      // every cell is hidden or zero: hide the total itself
      const next =
        candidates[0] ??
        (g.totalIndex !== undefined && reasons[g.totalIndex] === null && values[g.totalIndex] > 0 ? g.totalIndex : undefined);
      if (next === undefined) continue;
      reasons[next] = values[next] < THRESHOLD ? 'small' : 'complementary';
      changed = true;
    }
  }
  return reasons;
}

/**
 * Cells of one breakdown: suppressed for officers and administrators (`control`), exact for principals. Null
 * when the breakdown cannot be protected while its total stays published: every non-zero cell is under the
 * threshold and the total pins them (1 + 1 + 1 + 1 + 1 = 5, 4 + 4 = 8). The breakdown is then withheld.
 */
export function protectBreakdown(values: readonly number[], total: number | null, control: boolean): Cell[] | null {
  if (!control) return values.map(shown);
  // the total as one more cell: hidden when it is small; a breakdown may have to hide it (see above)
  const all = total === null ? [...values] : [...values, total];
  const group: CellGroup = { indices: values.map((_, i) => i), total: null, ...(total === null ? {} : { totalIndex: values.length }) };
  const reasons = suppressCells(all, [group]);
  if (total !== null && total >= THRESHOLD && reasons[values.length] !== null) return null;
  return values.map((v, i) => {
    const r = reasons[i];
    return r === null ? shown(v) : hidden(r);
  });
}

/** A lone count (a total, the number of schools with cases): suppressed under the threshold. */
export function protectCount(value: number, control: boolean): Cell {
  return control && value >= 1 && value < THRESHOLD ? hidden('small') : shown(value);
}

/** A two-way table with its margins, each suppressed so that no hidden cell can be recomputed from the others. */
export interface ProtectedTable {
  cells: Cell[][];
  rowTotals: Cell[];
  columnTotals: Cell[];
  total: Cell;
}

/**
 * Rows × columns of counts (each case in one row and one column), published with row totals, column totals
 * and the grand total: groups are every row (to its row total), every column (to its column total), the row
 * totals and the column totals (to the grand total).
 */
export function protectTable(rows: readonly (readonly number[])[], control: boolean): ProtectedTable {
  const width = rows[0]?.length ?? 0;
  const height = rows.length;
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const rowTotals = rows.map(sum);
  const columnTotals = Array.from({ length: width }, (_, x) => sum(rows.map((r) => r[x])));
  const grand = sum(rowTotals);
  const values = [...rows.flat(), ...rowTotals, ...columnTotals, grand];
  const rowTotalAt = (y: number) => height * width + y;
  const columnTotalAt = (x: number) => height * width + height + x;
  const grandAt = values.length - 1;
  const groups: CellGroup[] = [
    ...rows.map((_, y) => ({ indices: Array.from({ length: width }, (_, x) => y * width + x), total: null, totalIndex: rowTotalAt(y) })),
    ...Array.from({ length: width }, (_, x) => ({ indices: rows.map((_, y) => y * width + x), total: null, totalIndex: columnTotalAt(x) })),
    { indices: rows.map((_, y) => rowTotalAt(y)), total: null, totalIndex: grandAt },
    { indices: Array.from({ length: width }, (_, x) => columnTotalAt(x)), total: null, totalIndex: grandAt },
  ];
  const reasons = control ? suppressCells(values, groups) : values.map(() => null);
  const cell = (i: number): Cell => (reasons[i] === null ? shown(values[i]) : hidden(reasons[i]));
  return {
    cells: rows.map((r, y) => r.map((_, x) => cell(y * width + x))),
    rowTotals: rows.map((_, y) => cell(rowTotalAt(y))),
    columnTotals: Array.from({ length: width }, (_, x) => cell(columnTotalAt(x))),
    total: cell(grandAt),
  };
}

/** How a cell is written in the CSV export and read aloud: the number, "<5" or "c". */
export function cellText(cell: Cell): string {
  if (!cell.suppressed) return String(cell.value);
  return cell.reason === 'small' ? `<${THRESHOLD}` : 'c';
}
