import { Pipe, PipeTransform } from '@angular/core';

const DAY_MS = 86_400_000;

function dayNumber(date: Date): number {
  return Math.floor(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / DAY_MS);
}

/**
 * A moment said the way people say it, with the exact date in brackets: "demain (jeudi 22 janvier)",
 * "dans 3 jours (lundi 26 janvier)", "hier (mardi 20 janvier)", "aujourd'hui (14:30)". Days are counted in
 * the device's time zone (calendar days: school holidays are only known to the server).
 */
export function relativeDate(value: string, locale: string, now = new Date()): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const days = dayNumber(date) - dayNumber(now);
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(days, 'day');
  const exact =
    days === 0
      ? new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(date)
      : new Intl.DateTimeFormat(locale, {
          weekday: 'long',
          day: 'numeric',
          month: 'long',
          ...(date.getFullYear() !== now.getFullYear() ? { year: 'numeric' } : {}),
        }).format(date);
  return `${relative} (${exact})`;
}

/**
 * `{{ step.dueAt | relativeDate: language.dateLocale() }}` → "demain (jeudi 22 janvier)".
 * Impure on purpose: "tomorrow" becomes "today" without reloading the page.
 */
@Pipe({ name: 'relativeDate', pure: false })
export class RelativeDatePipe implements PipeTransform {
  private last: { key: string; day: number; result: string } | null = null;

  transform(value: string | null | undefined, locale: string): string {
    if (!value) return '';
    const now = new Date();
    const key = `${value}|${locale}`;
    const minute = Math.floor(now.getTime() / 60_000);
    if (this.last?.key === key && this.last.day === minute) return this.last.result;
    const result = relativeDate(value, locale, now);
    this.last = { key, day: minute, result };
    return result;
  }
}
