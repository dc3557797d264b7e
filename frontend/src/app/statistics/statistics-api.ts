import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Statistics, StatisticsFilters } from './statistics.model';

export function statisticsParams(f: StatisticsFilters): HttpParams {
  let params = new HttpParams();
  if (f.from) params = params.set('from', f.from);
  if (f.to) params = params.set('to', f.to);
  if (f.level) params = params.set('level', f.level);
  if (f.regionId) params = params.set('regionId', f.regionId);
  if (f.provinceId) params = params.set('provinceId', f.provinceId);
  return params;
}

@Injectable({ providedIn: 'root' })
export class StatisticsApi {
  private readonly http = inject(HttpClient);

  get(filters: StatisticsFilters): Observable<Statistics> {
    return this.http.get<Statistics>('/api/statistics', { params: statisticsParams(filters) });
  }

  /** The same view as CSV (Ministry categories), downloaded by the browser from this address. */
  exportUrl(filters: StatisticsFilters): string {
    const query = statisticsParams(filters).toString();
    return `/api/statistics/export.csv${query ? `?${query}` : ''}`;
  }

  /** The same view as the D13 PDF statistics report (vector charts), in the page's language. */
  reportUrl(filters: StatisticsFilters, lang: 'fr' | 'ar' | 'en'): string {
    return `/api/statistics/report.pdf?${statisticsParams(filters).set('lang', lang).toString()}`;
  }
}
