import { HttpBackend, HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, catchError, of, shareReplay } from 'rxjs';
import { Lang, dateLocaleOf } from '../../core/language';
import { CaseDetail } from '../workflow.model';

/** `/cases/:id`, not `/cases/new`, `/cases/review` nor a step page. */
const CASE_PAGE = /^\/cases\/([^/?#;]+)\/?$/;
const OTHER_PAGES = new Set(['new', 'review']);
/** A prefetched answer older than this is not shown: the page asks again. */
const FRESH_MS = 15_000;

/**
 * When the app opens directly on a case page (a link, a reload), the case is asked for at start-up, while the
 * session is checked and the translations and the page's code load, instead of after them. The page takes the
 * answer once; anything refused or failed is simply asked again by the page, through the usual path (sign-in
 * redirect, errors), so this changes nothing but the waiting.
 */
@Injectable({ providedIn: 'root' })
export class CasePagePrefetch {
  // Without the interceptors: a 401 here must not redirect (the auth guard decides), it only means "not used".
  private readonly http = new HttpClient(inject(HttpBackend));
  private pending: { id: string; at: number; detail: Observable<CaseDetail | null> } | null = null;

  /** Called once at start-up with the path the app opens on and the language of the interface. */
  start(path: string, lang: Lang): void {
    const match = CASE_PAGE.exec(path);
    if (!match || OTHER_PAGES.has(match[1])) return;
    let id: string;
    try {
      id = decodeURIComponent(match[1]);
    } catch {
      return;
    }
    // the route's code, fetched now rather than after the translations and the guard; the cases API with it, so
    // that its largest dependency (the protocol engine, through the case filters) comes alongside, not after
    void import('../cases.routes').catch(() => undefined);
    void import('./case-detail.component').catch(() => undefined);
    void import('../cases-api').catch(() => undefined);
    const detail = this.http
      .get<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest', 'Accept-Language': lang },
      })
      .pipe(
        catchError(() => of(null)),
        shareReplay(1),
      );
    detail.subscribe();
    this.pending = { id, at: Date.now(), detail };
    // The first date formatted in a visit loads the locale's data, a long moment on a phone: done now, in a task
    // of its own while the network is awaited, rather than in the task that draws the case.
    const locale = dateLocaleOf(lang);
    setTimeout(() => warm(() => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric' }).format(0)));
    setTimeout(() => warm(() => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(1, 'day')));
  }

  /**
   * The case asked for at start-up, once and only while fresh; null when there is none for this id. The
   * observable answers null when that request failed: the page then asks itself.
   */
  take(id: string): Observable<CaseDetail | null> | null {
    const pending = this.pending;
    this.pending = null;
    if (pending?.id !== id || Date.now() - pending.at > FRESH_MS) return null;
    return pending.detail;
  }
}

/** Runs a formatter once (each in a task of its own); an old browser without it is told by the pipes themselves. */
function warm(format: () => string): void {
  try {
    format();
  } catch {
    // nothing to warm
  }
}
