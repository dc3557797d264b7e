import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { makeCalendar, type SchoolCalendar } from '@sanad/protocols';
import { calendarFor } from '@sanad/seeds';
import { DataSource, type EntityManager } from 'typeorm';
import { Province, Region, School } from '../organisation/organisation.entities';

/** The calendar of a school: weekends, national public holidays and its academy's school holidays. */
export async function calendarForSchool(db: DataSource | EntityManager, schoolId: string): Promise<SchoolCalendar> {
  const row = await (db as EntityManager)
    .createQueryBuilder()
    .select('r.code', 'code')
    .from(School, 's')
    .innerJoin(Province, 'p', 'p.id = s.provinceId')
    .innerJoin(Region, 'r', 'r.id = p.regionId')
    .where('s.id = :schoolId', { schoolId })
    .getRawOne<{ code: string }>();
  const c = calendarFor(row?.code ?? null);
  return makeCalendar({
    weekendDays: c.weekendDays,
    utcOffsetMinutes: c.utcOffsetMinutes,
    holidays: c.holidays.map((h) => ({ from: h.from, to: h.to, label: h.label })),
  });
}

/** Cached per school for the life of the process (calendars change once a year, with a restart). */
@Injectable()
export class SchoolCalendars {
  private readonly cache = new Map<string, Promise<SchoolCalendar>>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  forSchool(schoolId: string): Promise<SchoolCalendar> {
    let found = this.cache.get(schoolId);
    if (!found) {
      found = calendarForSchool(this.db, schoolId);
      this.cache.set(schoolId, found);
    }
    return found;
  }
}
