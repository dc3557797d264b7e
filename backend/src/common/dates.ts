/** Calendar days in Morocco (Africa/Casablanca), whatever the server's time zone. */

// built once: an Intl.DateTimeFormat costs far more to build than to use (the case list filters with it)
const OFFSET_FORMAT = new Intl.DateTimeFormat('en-US', { timeZone: 'Africa/Casablanca', timeZoneName: 'longOffset' });

/** The instant a calendar day (YYYY-MM-DD) begins in Morocco, whatever the server's time zone. */
export function moroccanDayStart(date: string): string {
  const noon = new Date(`${date}T12:00:00Z`);
  const name = OFFSET_FORMAT.formatToParts(noon).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = /^GMT([+-]\d{2}:\d{2})$/.exec(name)?.[1] ?? '+00:00';
  return new Date(`${date}T00:00:00${offset}`).toISOString();
}

export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
