import type { ValueTransformer } from 'typeorm';

/**
 * Portable column conventions (see docs/decisions/0002-portable-columns.md): ids are UUID strings,
 * instants are ISO-8601 UTC strings (`2026-11-22T09:15:00.000Z`, they sort as text), calendar dates are
 * `YYYY-MM-DD`, structured payloads are JSON text. The same migration then runs on SQLite and PostgreSQL
 * and both return identical values.
 */
export const ID = { type: 'varchar', length: 36 } as const;
export const INSTANT = { type: 'varchar', length: 30 } as const;
export const DATE = { type: 'varchar', length: 10 } as const;

export const jsonText: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : JSON.stringify(value)),
  from: (value: string | null) => (value === null ? null : (JSON.parse(value) as unknown)),
};

export const nowIso = (): string => new Date().toISOString();
