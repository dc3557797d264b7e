import { cellText, protectBreakdown, protectCount, protectTable, suppressCells, THRESHOLD, type Cell } from './disclosure';

/**
 * An attacker's view: every vector of non-negative integers consistent with what is published (visible cells,
 * "<5" = 1–4, "c" = 5 or more, the totals). A suppressed cell is safe when it can take at least two values.
 */
function feasibleValues(cells: Cell[], total: number | null, maxValue = 60): Set<number>[] {
  const hidden = cells.flatMap((c, i) => (c.suppressed ? [i] : []));
  const seen = hidden.map(() => new Set<number>());
  const visible = cells.reduce((s, c) => s + (c.value ?? 0), 0);
  const range = (c: Cell) => (c.reason === 'small' ? [1, 2, 3, 4] : Array.from({ length: maxValue - 4 }, (_, k) => k + 5));
  const walk = (k: number, acc: number[]) => {
    if (k === hidden.length) {
      if (total === null || visible + acc.reduce((a, b) => a + b, 0) === total) acc.forEach((v, i) => seen[i].add(v));
      return;
    }
    for (const v of range(cells[hidden[k]])) walk(k + 1, [...acc, v]);
  };
  walk(0, []);
  return seen;
}

const reasons = (cells: Cell[]) => cells.map((c) => c.reason);

describe('disclosure control', () => {
  it('shows every count to principals (their own school), and zero to everyone', () => {
    expect(protectBreakdown([3, 1, 12], 16, false)!.every((c) => !c.suppressed)).toBeTrue();
    expect(protectCount(2, false)).toEqual({ value: 2, suppressed: false, reason: null });
    expect(protectCount(0, true)).toEqual({ value: 0, suppressed: false, reason: null });
    expect(protectCount(4, true)).toEqual({ value: null, suppressed: true, reason: 'small' });
    expect(protectCount(THRESHOLD, true).value).toBe(5);
  });

  it('a single small cell gets a complementary one: it cannot be recomputed from the total', () => {
    const cells = protectBreakdown([40, 3, 12, 7], 62, true)!;
    expect(reasons(cells)).toEqual([null, 'small', null, 'complementary']);
    for (const values of feasibleValues(cells, 62)) expect(values.size).toBeGreaterThan(1);
    expect(cells.map(cellText)).toEqual(['40', '<5', '12', 'c']);
  });

  it('two small cells that could only be 1 + 1 are not enough: a third is hidden', () => {
    const cells = protectBreakdown([1, 1, 30, 9], 41, true)!;
    expect(reasons(cells)).toEqual(['small', 'small', null, 'complementary']);
    for (const values of feasibleValues(cells, 41)) expect(values.size).toBeGreaterThan(1);
  });

  it('"<5" next to "c" that could only be 1 + 5 is not enough either', () => {
    // 1 small; the complement is 5: published rest = 6 = 1 + 5 exactly
    const cells = protectBreakdown([1, 5, 20], 26, true)!;
    expect(cells.filter((c) => c.suppressed).length).toBe(3);
    for (const values of feasibleValues(cells, 26)) expect(values.size).toBeGreaterThan(1);
  });

  it('many crafted breakdowns: no suppressed cell is ever pinned to one value', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 300; n++) {
      const size = 2 + Math.floor(random() * 4);
      const values = Array.from({ length: size }, () => (random() < 0.5 ? Math.floor(random() * 5) : Math.floor(random() * 25)));
      const total = values.reduce((a, b) => a + b, 0);
      const cells = protectBreakdown(values, total, true);
      const published = total >= THRESHOLD ? total : null;
      if (cells === null) {
        // withheld: only when every non-zero cell is small and the total pins them all
        expect(values.every((v) => v < THRESHOLD))
          .withContext(JSON.stringify(values))
          .toBeTrue();
        continue;
      }
      // primary rule
      values.forEach((v, i) => (v >= 1 && v < THRESHOLD ? expect(cells[i].suppressed).toBeTrue() : undefined));
      if (published === null) continue;
      feasibleValues(cells, published).forEach((set, i) =>
        expect(set.size)
          .withContext(`${JSON.stringify(values)} cell ${i}`)
          .toBeGreaterThan(1),
      );
    }
  });

  it('zero cells are never used as complements, and a breakdown without a total still hides a second cell', () => {
    expect(reasons(protectBreakdown([0, 2, 0, 9, 30], 41, true)!)).toEqual([null, 'small', null, 'complementary', null]);
    // a case can have several types: no equation, but one hidden cell alone still gets company
    expect(reasons(protectBreakdown([2, 8, 15], null, true)!)).toEqual(['small', 'complementary', null]);
  });

  it('tables with margins: rows, columns and totals protect each other', () => {
    // categories × (open, closed)
    const t = protectTable(
      [
        [30, 2],
        [12, 9],
        [0, 0],
        [6, 20],
      ],
      true,
    );
    expect(t.cells[0][1]).toEqual({ value: null, suppressed: true, reason: 'small' });
    // row 0: 30 + <5 = 32 would give it away: 30 hidden as well; column closed: another cell hidden
    expect(t.cells[0][0].suppressed).toBeTrue();
    expect(t.cells[1][1].suppressed || t.cells[3][1].suppressed).toBeTrue();
    expect(t.total).toEqual({ value: 79, suppressed: false, reason: null });
    // check each row and each column as an attacker would
    const rowsOk = t.cells.every((row, y) => {
      const total = t.rowTotals[y].value;
      return total === null || feasibleValues(row, total).every((s) => s.size > 1);
    });
    const colsOk = [0, 1].every((x) => {
      const total = t.columnTotals[x].value;
      return (
        total === null ||
        feasibleValues(
          t.cells.map((r) => r[x]),
          total,
          80,
        ).every((s) => s.size > 1)
      );
    });
    expect(rowsOk).toBeTrue();
    expect(colsOk).toBeTrue();
    expect(feasibleValues(t.rowTotals, 79, 80).every((s) => s.size > 1)).toBeTrue();
  });

  it('withholds a breakdown the total would pin (4 + 4 = 8, five cells of 1)', () => {
    expect(protectBreakdown([4, 0, 4], 8, true)).toBeNull();
    expect(protectBreakdown([1, 1, 1, 1, 1], 5, true)).toBeNull();
    expect(protectBreakdown([3, 4], 7, true)).not.toBeNull();
  });

  it('suppressCells leaves a group alone when its total is itself hidden and two cells are hidden', () => {
    expect(suppressCells([2, 1, 3], [{ indices: [0, 1], total: null, totalIndex: 2 }])).toEqual(['small', 'small', 'small']);
  });
});
