import { referenceData } from '@sanad/seeds';
import { emptyCategoryCounts, ministryCategoryOf, ministryCsv } from './ministry';

describe('Ministry categories and CSV', () => {
  it('maps every type of the taxonomy, a case once in its most serious category', () => {
    for (const t of referenceData.taxonomy.types) expect(ministryCategoryOf([t.code])).toBe(t.ministryCategory as never);
    expect(ministryCategoryOf(['INSULT', 'NCII'])).toBe('SEXUAL');
    expect(ministryCategoryOf(['INSULT', 'HAPPY_SLAPPING'])).toBe('PHYSICAL');
    expect(ministryCategoryOf(['INSULT', 'DOXXING'])).toBe('PSYCHOLOGICAL');
    expect(ministryCategoryOf([])).toBe('OTHER');
  });

  it('writes UTF-8 with BOM, ; separated, CRLF, one row per category then TOTAL, suppressed cells as <5 and c', () => {
    const counts = emptyCategoryCounts();
    counts.VERBAL = { open: 20, closed: 2 };
    counts.PSYCHOLOGICAL = { open: 9, closed: 11 };
    counts.SEXUAL = { open: 6, closed: 0 };
    const csv = ministryCsv(counts, true);
    expect(csv.startsWith('\uFEFFministry_category;label_fr;label_ar;label_en;cases;open;closed\r\n')).toBeTrue();
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines.length).toBe(2 + referenceData.taxonomy.ministryCategories.length);
    const verbal = lines.find((l) => l.startsWith('VERBAL;'))!.split(';');
    expect(verbal[1]).toBe('Violence verbale');
    expect(verbal.slice(4)).toEqual(['22', 'c', '<5']);
    expect(lines.at(-1)).toBe('TOTAL;Total;المجموع;Total;48;35;13');
    expect(
      lines
        .find((l) => l.startsWith('PSYCHOLOGICAL;'))!
        .split(';')
        .slice(4),
    ).toEqual(['c', 'c', 'c']);
    expect(ministryCsv(counts, false)).toContain('VERBAL;Violence verbale;عنف لفظي;Verbal violence;22;20;2');
  });
});
