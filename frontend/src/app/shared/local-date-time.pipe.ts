import { Pipe, PipeTransform } from '@angular/core';

/** Times are shown as in Morocco, where the schools are (the audit filters use Moroccan days too). */
export const MOROCCO_TIME_ZONE = 'Africa/Casablanca';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(locale: string): Intl.DateTimeFormat {
  let formatter = formatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZone: MOROCCO_TIME_ZONE,
    });
    formatters.set(locale, formatter);
  }
  return formatter;
}

/**
 * Formats an ISO timestamp with the time, in Moroccan time, e.g. `fr-MA` → "22 nov. 2026, 10:15:00".
 * Usage: `{{ entry.at | localDateTime: language.dateLocale() }}`.
 */
@Pipe({ name: 'localDateTime' })
export class LocalDateTimePipe implements PipeTransform {
  transform(value: string | null | undefined, locale: string): string {
    if (!value) return '';
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return value;
    return formatterFor(locale).format(date);
  }
}
