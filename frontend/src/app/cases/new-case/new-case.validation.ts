import { CASE_TITLE_MAX, CASE_TITLE_MIN, NewCase } from '../case.model';

export type NewCaseField = keyof NewCase;
/** Translation key of the message for each field in error. */
export type NewCaseErrors = Partial<Record<NewCaseField, string>>;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Today as YYYY-MM-DD in the device's time zone. */
export function localToday(now = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function isRealDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The same rules as POST /api/cases: title 3–200 characters, date of facts a real date not in the future. */
export function validateNewCase(value: NewCase, today = localToday()): NewCaseErrors {
  const errors: NewCaseErrors = {};
  const title = value.title.trim();
  if (!title) errors.title = 'newCase.titleRequired';
  else if (title.length < CASE_TITLE_MIN) errors.title = 'newCase.titleTooShort';
  else if (title.length > CASE_TITLE_MAX) errors.title = 'newCase.titleTooLong';

  const date = value.occurredOn.trim();
  if (!date) errors.occurredOn = 'newCase.dateRequired';
  else if (!isRealDate(date)) errors.occurredOn = 'newCase.dateInvalid';
  else if (date > today) errors.occurredOn = 'newCase.dateFuture';
  return errors;
}
