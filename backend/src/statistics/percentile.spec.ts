import { percentileOf } from './percentile';

describe('percentiles from a histogram', () => {
  const h = (...values: number[]) => values.map((value) => ({ value, count: 1 }));
  it('interpolates like percentile_cont', () => {
    expect(percentileOf(h(1, 2, 3, 4, 10), 0.5)).toBe(3);
    expect(percentileOf(h(10, 1, 4, 2, 3), 0.9)).toBeCloseTo(7.6, 10);
    expect(percentileOf(h(1, 2), 0.5)).toBe(1.5);
    expect(percentileOf(h(5), 0.9)).toBe(5);
  });
  it('counts repeated values, and has no answer without cases', () => {
    expect(
      percentileOf(
        [
          { value: 0.5, count: 9 },
          { value: 20, count: 1 },
        ],
        0.5,
      ),
    ).toBe(0.5);
    expect(
      percentileOf(
        [
          { value: 0.5, count: 9 },
          { value: 20, count: 1 },
        ],
        0.9,
      ),
    ).toBeCloseTo(0.5 + 19.5 * 0.1, 10);
    expect(percentileOf([], 0.5)).toBeNull();
    expect(percentileOf([{ value: 3, count: 0 }], 0.5)).toBeNull();
  });
});
