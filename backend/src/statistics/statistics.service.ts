import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { referenceData } from '@sanad/seeds';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { filterUnitInScope, scopeUnitId, statisticsScope, type StatisticsScope } from '../access';
import { CaseRecord } from '../cases/case.entities';
import { FOLLOW_UP_OUTCOMES, TRACKS } from '../cases/projection';
import { moroccanDayStart, nextDay } from '../common/dates';
import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import { nowIso } from '../database/columns';
import { Province, School } from '../organisation/organisation.entities';
import { findUnit } from '../organisation/units';
import { protectBreakdown, protectCount, THRESHOLD, type Cell } from './disclosure';
import { emptyCategoryCounts, ministryCategoryOf, ministryCsv, type CategoryCounts } from './ministry';
import type { StatDurationDto, StatisticsDto, StatRowDto } from './dto/statistics.dto';
import type { StatisticsQuery } from './dto/statistics.query';

type Qb = SelectQueryBuilder<CaseRecord>;
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const codes = (list: string | null): string[] => (list ? list.split('|').filter(Boolean) : []);
const hiddenSmall: Cell = { value: null, suppressed: true, reason: 'small' };
const oneDecimal = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);

/** What the viewer may see, resolved once per request: the scope and the checked filters. */
interface Resolved {
  scope: StatisticsScope;
  query: StatisticsQuery;
}

/**
 * Statistics of the cases in the viewer's scope (access/statistics-scope.ts), from the case projection
 * (cases/projection.ts), aggregated in SQL (GROUP BY; percentiles with the database's own function), then
 * protected by disclosure control (disclosure.ts) for officers and administrators.
 */
@Injectable()
export class StatisticsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async statistics(user: SessionUser, query: StatisticsQuery): Promise<StatisticsDto> {
    const r = await this.resolve(user, query);
    const control = r.scope.suppress;

    const totals = await this.base(r)
      .select('COUNT(*)', 'n')
      .addSelect('SUM(CASE WHEN c.closedAt IS NULL THEN 0 ELSE 1 END)', 'closed')
      .addSelect('COUNT(DISTINCT c.schoolId)', 'schools')
      .addSelect('SUM(c.stepsDue)', 'stepsDue')
      .addSelect('SUM(c.stepsOnTime)', 'stepsOnTime')
      .getRawOne<Record<string, unknown>>();
    const total = num(totals?.n);
    const closed = num(totals?.closed);

    // tier, track and follow-up outcome in one pass: at most 5 × 5 × 4 groups
    const facets = await this.base(r)
      .select('c.tier', 'tier')
      .addSelect('c.track', 'track')
      .addSelect('c.followUpOutcome', 'outcome')
      .addSelect('COUNT(*)', 'n')
      .groupBy('c.tier')
      .addGroupBy('c.track')
      .addGroupBy('c.followUpOutcome')
      .getRawMany<{ tier: string | null; track: string | null; outcome: string | null; n: unknown }>();
    // level, month and province in one pass
    const month = 'SUBSTR(c.reportDay, 1, 7)';
    const places = await this.base(r)
      .select('s.level', 'level')
      .addSelect('s.provinceId', 'provinceId')
      .addSelect(month, 'month')
      .addSelect('COUNT(*)', 'n')
      .groupBy('s.level')
      .addGroupBy('s.provinceId')
      .addGroupBy(month)
      .getRawMany<{ level: string; provinceId: string; month: string | null; n: unknown }>();
    const types = await this.typeCombinations(r);
    const platforms = await this.base(r)
      .select('c.platformCodes', 'codes')
      .addSelect('COUNT(*)', 'n')
      .groupBy('c.platformCodes')
      .getRawMany<{ codes: string | null; n: unknown }>();
    const durations = await this.durations(r);

    const sumBy = <T>(rows: T[], key: (row: T) => string | null, n: (row: T) => number) => {
      const out = new Map<string | null, number>();
      for (const row of rows) out.set(key(row), (out.get(key(row)) ?? 0) + n(row));
      return out;
    };
    const perCode = (rows: { codes: string | null; n: unknown }[]) => {
      const out = new Map<string, number>();
      for (const row of rows) for (const code of codes(row.codes)) out.set(code, (out.get(code) ?? 0) + num(row.n));
      return out;
    };
    /** rows in the given order of keys (those with no case left out, except when `keepZero`), then any others */
    const withheld: string[] = [];
    const rows = (
      name: string,
      counts: Map<string | null, number>,
      order: readonly (string | null)[],
      additive: boolean,
      keepZero = false,
    ): StatRowDto[] => {
      const keys = [...order.filter((k) => keepZero || (counts.get(k) ?? 0) > 0), ...[...counts.keys()].filter((k) => !order.includes(k))];
      const cells = protectBreakdown(
        keys.map((k) => counts.get(k) ?? 0),
        additive ? total : null,
        control,
      );
      if (!cells) {
        withheld.push(name);
        return [];
      }
      return keys.map((key, i) => ({ key, ...cells[i] }));
    };

    const provinceCounts = sumBy(
      places,
      (p) => p.provinceId,
      (p) => num(p.n),
    );
    const provinceRows =
      r.scope.kind === 'region' || r.scope.kind === 'national' ? await this.provinceRows(provinceCounts, total, control) : [];
    if (!provinceRows) withheld.push('province');
    const facetsN = (row: { n: unknown }) => num(row.n);
    const typeCounts = perCode(types.map((t) => ({ codes: t.codes, n: t.n })));
    const months = sumBy(
      places,
      (p) => p.month,
      (p) => num(p.n),
    );
    const status = protectBreakdown([total - closed, closed], total, control);
    if (!status) withheld.push('status');
    const [openCell, closedCell] = status ?? [hiddenSmall, hiddenSmall];
    const stepsDone = num(totals?.stepsDue);
    const stepsOnTime = num(totals?.stepsOnTime);
    const onTimeHidden = control && stepsDone < THRESHOLD;

    return {
      scope: { kind: r.scope.kind, unitId: scopeUnitId(r.scope) },
      filters: {
        from: query.from ?? null,
        to: query.to ?? null,
        regionId: query.regionId ?? null,
        provinceId: query.provinceId ?? null,
        level: query.level ?? null,
      },
      disclosureControl: control,
      threshold: THRESHOLD,
      total: protectCount(total, control),
      open: openCell,
      closed: closedCell,
      schoolsWithCases: protectCount(num(totals?.schools), control),
      breakdowns: {
        type: rows(
          'type',
          new Map(typeCounts),
          referenceData.taxonomy.types.map((t) => t.code),
          false,
          true,
        ),
        tier: rows(
          'tier',
          sumBy(facets, (f) => f.tier, facetsN),
          ['T0', 'T1', 'T2', 'T3', null],
          true,
        ),
        track: rows(
          'track',
          sumBy(facets, (f) => f.track, facetsN),
          [...TRACKS, null],
          true,
        ),
        level: rows(
          'level',
          sumBy(
            places,
            (p) => p.level,
            (p) => num(p.n),
          ),
          referenceData.levels.map((l) => l.code),
          true,
        ),
        platform: rows('platform', new Map(perCode(platforms)), [], false),
        month: rows(
          'month',
          months,
          [...months.keys()].sort((a, b) => String(a).localeCompare(String(b))),
          true,
        ),
        province: provinceRows ?? [],
        followUpOutcome: rows(
          'followUpOutcome',
          sumBy(facets, (f) => f.outcome, facetsN),
          [...FOLLOW_UP_OUTCOMES, null],
          true,
        ),
      },
      durations: {
        toTriage: this.duration(durations, 'triage', control),
        toFirstInterview: this.duration(durations, 'interview', control),
        toClosure: this.duration(durations, 'closure', control),
      },
      withheld,
      onTime: {
        stepsDone: protectCount(stepsDone, control),
        // steps, not children: only the number of steps the share is computed on is checked
        stepsOnTime: onTimeHidden
          ? { value: null, suppressed: true, reason: 'small' }
          : { value: stepsOnTime, suppressed: false, reason: null },
        share: onTimeHidden || stepsDone === 0 ? null : Math.round((stepsOnTime / stepsDone) * 1000) / 1000,
        suppressed: onTimeHidden,
      },
      generatedAt: nowIso(),
    };
  }

  /** The Ministry export (ministry.ts): same scope, filters and suppression. */
  async ministryExport(user: SessionUser, query: StatisticsQuery): Promise<{ csv: string; filename: string }> {
    const r = await this.resolve(user, query);
    const counts: CategoryCounts = emptyCategoryCounts();
    for (const row of await this.typeCombinations(r)) {
      const cell = counts[ministryCategoryOf(codes(row.codes))];
      if (row.closed) cell.closed += num(row.n);
      else cell.open += num(row.n);
    }
    const day = nowIso().slice(0, 10);
    return { csv: ministryCsv(counts, r.scope.suppress), filename: `sanad-statistics-${day}.csv` };
  }

  /** Who the viewer is and whether the filters are inside their scope (404 when not: never reveal). */
  private async resolve(user: SessionUser, query: StatisticsQuery): Promise<Resolved> {
    const scope = statisticsScope(user);
    if (query.from && query.to && query.from > query.to) {
      throw new DomainError('VALIDATION_FAILED', [{ field: 'to', code: 'query.filter.invalid' }]);
    }
    const wanted: [string | undefined, 'region' | 'province'][] = [
      [query.regionId, 'region'],
      [query.provinceId, 'province'],
    ];
    if (wanted.some(([id]) => id)) {
      const scopeUnit = await findUnit(this.db.manager, scopeUnitId(scope));
      for (const [id, kind] of wanted) {
        if (!id) continue;
        const unit = await findUnit(this.db.manager, id);
        if (!scopeUnit || !unit || unit.kind !== kind || !filterUnitInScope(scopeUnit, unit)) throw new DomainError('UNIT_NOT_FOUND');
      }
    }
    return { scope, query };
  }

  /** The cases of the scope and filters, in SQL: the school, or the schools under the viewer's unit. */
  private base(r: Resolved): Qb {
    const { scope, query } = r;
    const qb = this.db
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .innerJoin(School, 's', 's.id = c.schoolId')
      .innerJoin(Province, 'p', 'p.id = s.provinceId');
    switch (scope.kind) {
      case 'school':
        qb.andWhere('c.schoolId = :scopeSchool', { scopeSchool: scope.schoolId });
        break;
      case 'province':
        qb.andWhere('s.provinceId = :scopeProvince', { scopeProvince: scope.provinceId });
        break;
      case 'region':
        qb.andWhere('p.regionId = :scopeRegion', { scopeRegion: scope.regionId });
        break;
      case 'national':
        break;
    }
    if (query.regionId) qb.andWhere('p.regionId = :regionId', { regionId: query.regionId });
    if (query.provinceId) qb.andWhere('s.provinceId = :provinceId', { provinceId: query.provinceId });
    if (query.level) qb.andWhere('s.level = :level', { level: query.level });
    if (query.from) qb.andWhere('c.createdAt >= :from', { from: moroccanDayStart(query.from) });
    if (query.to) qb.andWhere('c.createdAt < :to', { to: moroccanDayStart(nextDay(query.to)) });
    return qb;
  }

  /** Cases by combination of types (a few hundred combinations at most), open or closed. */
  private async typeCombinations(r: Resolved): Promise<{ codes: string | null; closed: boolean; n: unknown }[]> {
    const closedFlag = 'CASE WHEN c.closedAt IS NULL THEN 0 ELSE 1 END';
    const rows = await this.base(r)
      .select('c.typeCodes', 'codes')
      .addSelect(closedFlag, 'closed')
      .addSelect('COUNT(*)', 'n')
      .groupBy('c.typeCodes')
      .addGroupBy(closedFlag)
      .getRawMany<{ codes: string | null; closed: unknown; n: unknown }>();
    return rows.map((row) => ({ codes: row.codes, closed: num(row.closed) === 1, n: row.n }));
  }

  /** Median and 90th percentile of each duration, with the database's percentile function. */
  private async durations(r: Resolved): Promise<Record<string, unknown>> {
    const pg = this.db.options.type === 'postgres';
    const pct = (column: string, p: number) =>
      pg ? `percentile_cont(${p / 100}) WITHIN GROUP (ORDER BY c.${column})` : `percentile(c.${column}, ${p})`;
    const qb = this.base(r).select('COUNT(c.triageDays)', 'triageN');
    for (const [name, column] of [
      ['triage', 'triageDays'],
      ['interview', 'interviewDays'],
      ['closure', 'closureDays'],
    ]) {
      qb.addSelect(`COUNT(c.${column})`, `${name}N`).addSelect(pct(column, 50), `${name}Median`).addSelect(pct(column, 90), `${name}P90`);
    }
    return (await qb.getRawOne<Record<string, unknown>>()) ?? {};
  }

  private duration(row: Record<string, unknown>, name: string, control: boolean): StatDurationDto {
    const n = num(row[`${name}N`]);
    const hidden = n === 0 || (control && n < THRESHOLD);
    return {
      cases: protectCount(n, control),
      medianDays: hidden ? null : oneDecimal(row[`${name}Median`]),
      p90Days: hidden ? null : oneDecimal(row[`${name}P90`]),
      suppressed: control && n > 0 && n < THRESHOLD,
    };
  }

  /** Cases by direction provinciale, with its code and names. */
  private async provinceRows(counts: Map<string | null, number>, total: number, control: boolean): Promise<StatRowDto[] | null> {
    const ids = [...counts.keys()].filter((k): k is string => k !== null);
    if (!ids.length) return [];
    const provinces = await this.db
      .getRepository(Province)
      .createQueryBuilder('p')
      .where('p.id IN (:...ids)', { ids })
      .orderBy('p.code', 'ASC')
      .getMany();
    const cells: Cell[] | null = protectBreakdown(
      provinces.map((p) => counts.get(p.id) ?? 0),
      total,
      control,
    );
    if (!cells) return null;
    return provinces.map((p, i) => ({ key: p.code, label: { fr: p.nameFr, ar: p.nameAr, en: p.nameEn }, ...cells[i] }));
  }
}
