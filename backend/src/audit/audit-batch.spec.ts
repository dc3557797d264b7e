import { auditBatchSize } from './audit.service';

describe('auditBatchSize', () => {
  it('takes the largest power of two of the waiting entries, at most 64', () => {
    expect([0, 1, 2, 3, 4, 7, 8, 29, 63, 64, 65, 1000].map(auditBatchSize)).toEqual([0, 1, 2, 2, 4, 4, 8, 16, 32, 64, 64, 64]);
  });

  it('uses only seven INSERT sizes, whatever the queue', () => {
    const sizes = new Set(Array.from({ length: 500 }, (_, i) => auditBatchSize(i + 1)));
    expect([...sizes].sort((a, b) => a - b)).toEqual([1, 2, 4, 8, 16, 32, 64]);
  });
});
