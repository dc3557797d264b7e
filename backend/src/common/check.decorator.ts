import { registerDecorator } from 'class-validator';
import type { MessageKey } from './messages';

/**
 * One validation rule as a plain function returning the message key of the first problem, or null.
 * Keeps each field's rules and their order readable in one place, and every message translatable.
 */
export function Check(rule: (value: unknown) => MessageKey | null) {
  return (object: object, propertyName: string): void => {
    registerDecorator({
      name: 'check',
      target: object.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => rule(value) === null,
        defaultMessage: (args) => rule(args?.value) ?? 'validation.invalid',
      },
    });
  };
}

/** Today's date in Morocco (YYYY-MM-DD), whatever the server's time zone. */
export function todayInMorocco(now = new Date()): string {
  return MOROCCAN_DAY.format(now);
}
// built once (validating a list query's dates uses it): building an Intl.DateTimeFormat costs far more than using it
const MOROCCAN_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca', year: 'numeric', month: '2-digit', day: '2-digit' });

/** True for a real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
