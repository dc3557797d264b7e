import { Pipe, PipeTransform } from '@angular/core';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(locale: string, dateOnly: boolean): Intl.DateTimeFormat {
  const cacheKey = `${locale}|${dateOnly}`;
  let formatter = formatters.get(cacheKey);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      ...(dateOnly ? { timeZone: 'UTC' } : {}),
    });
    formatters.set(cacheKey, formatter);
  }
  return formatter;
}

/**
 * Formats a calendar date (`YYYY-MM-DD`) or an ISO timestamp for a locale, e.g. `fr-MA` → "12 mars 2025",
 * `ar-MA` → "12 مارس 2025" (ar-MA keeps Latin digits). A date-only value never shifts by a day.
 * Usage: `{{ c.occurredOn | localDate: language.dateLocale() }}`.
 */
@Pipe({ name: 'localDate' })
export class LocalDatePipe implements PipeTransform {
  transform(value: string | null | undefined, locale: string): string {
    if (!value) return '';
    const match = DATE_ONLY.exec(value);
    const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : new Date(value);
    if (Number.isNaN(date.getTime())) return value;
    return formatterFor(locale, match !== null).format(date);
  }
}
