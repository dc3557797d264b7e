import { provideZonelessChangeDetection, Type } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { LanguageService } from '../../core/language.service';
import { provideTestTransloco, settle } from '../../../testing/testing';
import { BarChartComponent, ChartRow } from './bar-chart.component';
import { ColumnChartComponent } from './column-chart.component';

const ROWS: ChartRow[] = [
  { key: 'INSULT', label: 'Insultes', value: 40 },
  { key: 'THREATS', label: 'Menaces', value: 10 },
  { key: 'DOXXING', label: 'Divulgation', value: null },
];

describe('charts', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection(), provideTestTransloco()] });
  });

  async function render<T>(type: Type<T>, lang: 'fr' | 'ar' = 'fr') {
    await TestBed.inject(LanguageService).use(lang, { persist: false });
    const fixture = TestBed.createComponent(type);
    fixture.componentRef.setInput('caption', 'Par type');
    fixture.componentRef.setInput('rows', ROWS);
    fixture.componentRef.setInput('categoryHeader', 'Type');
    fixture.componentRef.setInput('valueHeader', 'Dossiers');
    await settle();
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('the bar chart is a table: a row per category with its number, bars in proportion, "<5" for suppressed counts', async () => {
    const el = await render(BarChartComponent);
    expect(el.querySelector('caption')?.textContent?.trim()).toBe('Par type');
    const rows = Array.from(el.querySelectorAll('tbody tr'));
    expect(rows.map((r) => r.querySelector('th')?.textContent?.trim())).toEqual(['Insultes', 'Menaces', 'Divulgation']);
    expect(rows.map((r) => r.querySelector('[data-testid="bar-value"]')?.textContent?.trim())).toEqual(['40', '10', '<5']);
    const widths = rows.map((r) => r.querySelector<HTMLElement>('.bar-chart__bar')!.style.inlineSize);
    expect(widths.slice(0, 2)).toEqual(['100%', '25%']);
    expect(rows[2].querySelector('abbr')?.getAttribute('title')).toContain('Moins de 5 dossiers');
    expect(rows[2].querySelector('.bar-chart__bar--suppressed')).not.toBeNull();
  });

  it('the column chart is an SVG image named by its caption, with the numbers as a table; time runs right to left in Arabic', async () => {
    const fr = await render(ColumnChartComponent);
    const svg = fr.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(fr.querySelector(`#${svg.getAttribute('aria-labelledby')}`)?.textContent).toBe('Par type');
    expect(Array.from(fr.querySelectorAll('details td')).map((td) => td.textContent?.trim())).toEqual(['40', '10', '<5']);
    const x = (el: HTMLElement, key: string) => Number(el.querySelector(`[data-key="${key}"] rect`)?.getAttribute('x'));
    expect(x(fr, 'INSULT')).toBeLessThan(x(fr, 'DOXXING'));
    const ar = await render(ColumnChartComponent, 'ar');
    expect(x(ar, 'INSULT')).toBeGreaterThan(x(ar, 'DOXXING'));
  });
});
