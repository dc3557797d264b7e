import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { referenceData } from '@sanad/seeds';
import type { RenderLang } from '@sanad/templates/host';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { filterUnitInScope, scopeUnitId, statisticsScope, type StatisticsScope } from '../access';
import { CaseRecord } from '../cases/case.entities';
import { FOLLOW_UP_OUTCOMES, moroccanDay, SEX_GROUPS, TRACKS } from '../cases/projection';
import { moroccanDayStart, nextDay } from '../common/dates';
import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import { nowIso } from '../database/columns';
import { DocumentsService } from '../documents/documents.service';
import { Province, Region, School } from '../organisation/organisation.entities';
import { findUnit } from '../organisation/units';
import { protectBreakdown, protectCount, THRESHOLD, type Cell } from './disclosure';
import { protectMonthsAndAi } from './gender-ai';
import { percentileOf } from './percentile';
import { emptyCategoryCounts, ministryCategoryOf, ministryCsv, ministryTable, type CategoryCounts } from './ministry';
import { statisticsReportData, type ReportContext } from './report-data';
import type { StatDurationDto, StatisticsDto, StatRowDto, StatUnitsDto } from './dto/statistics.dto';
import type { StatisticsQuery } from './dto/statistics.query';

type Qb = SelectQueryBuilder<CaseRecord>;
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const codes = (list: string | null): string[] => (list ? list.split('|').filter(Boolean) : []);
const hiddenSmall: Cell = { value: null, suppressed: true, reason: 'small' };
/** A boolean column as the drivers return it in raw rows (SQLite 0/1, PostgreSQL true/false). */
const truthy = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 't' || v === 'true';
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
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly documents: DocumentsService,
  ) {}

  async statistics(user: SessionUser, query: StatisticsQuery): Promise<StatisticsDto> {
    const r = await this.resolve(user, query);
    const control = r.scope.suppress;

    // one GROUP BY per breakdown, each in the order of its own index (migration 1764800000000), run together
    const closedSum = 'SUM(CASE WHEN c.closedAt IS NULL THEN 0 ELSE 1 END)';
    const [facets, perSchool, perDay, codeRows, triage, interview, closure, gender, aiDays] = await Promise.all([
      // tier, track, follow-up outcome (at most 5 × 5 × 4 groups), with the closed cases and the steps
      this.base(r)
        .select('c.tier', 'tier')
        .addSelect('c.track', 'track')
        .addSelect('c.followUpOutcome', 'outcome')
        .addSelect('COUNT(*)', 'n')
        .addSelect(closedSum, 'closed')
        .addSelect('SUM(c.stepsDue)', 'stepsDue')
        .addSelect('SUM(c.stepsOnTime)', 'stepsOnTime')
        .groupBy('c.tier')
        .addGroupBy('c.track')
        .addGroupBy('c.followUpOutcome')
        .getRawMany<{
          tier: string | null;
          track: string | null;
          outcome: string | null;
          n: unknown;
          closed: unknown;
          stepsDue: unknown;
          stepsOnTime: unknown;
        }>(),
      // per school, never shown: folded into levels and provinces below
      this.base(r)
        .select('c.schoolId', 'schoolId')
        .addSelect('COUNT(*)', 'n')
        .groupBy('c.schoolId')
        .getRawMany<{ schoolId: string; n: unknown }>(),
      // per day of report, folded into months
      this.base(r)
        .select('c.reportDay', 'day')
        .addSelect('COUNT(*)', 'n')
        .groupBy('c.reportDay')
        .getRawMany<{ day: string | null; n: unknown }>(),
      this.codeCombinations(r),
      this.histogram(r, 'triageDays'),
      this.histogram(r, 'interviewDays'),
      this.histogram(r, 'closureDays'),
      // issue #13: gender-based marker and sex of targets and authors (IDX_cases_stat_gender order)
      this.base(r)
        .select('c.genderBased', 'genderBased')
        .addSelect('c.targetSex', 'targetSex')
        .addSelect('c.authorSex', 'authorSex')
        .addSelect('COUNT(*)', 'n')
        .groupBy('c.genderBased')
        .addGroupBy('c.targetSex')
        .addGroupBy('c.authorSex')
        .getRawMany<{ genderBased: string | null; targetSex: string | null; authorSex: string | null; n: unknown }>(),
      // AI-facilitated or not, per day of report (IDX_cases_stat_ai order): the monthly trend, protected with the months
      this.base(r)
        .select('c.aiFacilitated', 'ai')
        .addSelect('c.reportDay', 'day')
        .addSelect('COUNT(*)', 'n')
        .groupBy('c.aiFacilitated')
        .addGroupBy('c.reportDay')
        .getRawMany<{ ai: unknown; day: string | null; n: unknown }>(),
    ]);
    const sum = <T>(rows: T[], value: (row: T) => unknown) => rows.reduce((acc, row) => acc + num(value(row)), 0);
    const total = sum(facets, (f) => f.n);
    const closed = sum(facets, (f) => f.closed);
    const schools = await this.schoolsOf(perSchool.map((p) => p.schoolId));
    const places = perSchool.map((p) => ({
      level: schools.get(p.schoolId)?.level ?? null,
      provinceId: schools.get(p.schoolId)?.provinceId ?? null,
      n: p.n,
    }));
    const types = codeRows.map((c) => ({ codes: c.types, n: c.n }));
    const platforms = codeRows.map((c) => ({ codes: c.platforms, n: c.n }));
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
    const typeCounts = perCode(types);
    const months = sumBy(
      perDay,
      (d) => (d.day ? d.day.slice(0, 7) : null),
      (d) => num(d.n),
    );
    const aiMonths = sumBy(
      aiDays.filter((d) => truthy(d.ai)),
      (d) => (d.day ? d.day.slice(0, 7) : null),
      (d) => num(d.n),
    );
    const monthAi = protectMonthsAndAi(months, aiMonths, total, control);
    if (!monthAi) withheld.push('month', 'aiFacilitated', 'aiTrend');
    const status = protectBreakdown([total - closed, closed], total, control);
    if (!status) withheld.push('status');
    const [openCell, closedCell] = status ?? [hiddenSmall, hiddenSmall];
    const stepsDone = sum(facets, (f) => f.stepsDue);
    const stepsOnTime = sum(facets, (f) => f.stepsOnTime);
    const onTimeHidden = control && stepsDone < THRESHOLD;

    return {
      scope: { kind: r.scope.kind, unitId: scopeUnitId(r.scope) },
      units: await this.filterUnits(r.scope),
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
      schoolsWithCases: protectCount(perSchool.filter((p) => num(p.n) > 0).length, control),
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
        month: monthAi?.month ?? [],
        province: provinceRows ?? [],
        followUpOutcome: rows(
          'followUpOutcome',
          sumBy(facets, (f) => f.outcome, facetsN),
          [...FOLLOW_UP_OUTCOMES, null],
          true,
        ),
        targetSex: rows(
          'targetSex',
          sumBy(gender, (g) => g.targetSex, facetsN),
          [...SEX_GROUPS, null],
          true,
        ),
        authorSex: rows(
          'authorSex',
          sumBy(gender, (g) => g.authorSex, facetsN),
          [...SEX_GROUPS, null],
          true,
        ),
        genderBased: rows(
          'genderBased',
          sumBy(gender, (g) => g.genderBased, facetsN),
          ['yes', 'no', null],
          true,
        ),
        aiFacilitated: monthAi?.aiFacilitated ?? [],
        aiTrend: monthAi?.aiTrend ?? [],
      },
      durations: {
        toTriage: this.duration(triage, control),
        toFirstInterview: this.duration(interview, control),
        toClosure: this.duration(closure, control),
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
    const day = nowIso().slice(0, 10);
    return { csv: ministryCsv(await this.categoryCounts(r), r.scope.suppress), filename: `sanad-statistics-${day}.csv` };
  }

  /**
   * The D13 statistics report as PDF (report-data.ts): the numbers of `statistics()` for the same viewer and
   * filters, the Ministry table of the CSV, headed by the names of the scope (never a school for officers and
   * administrators), laid out by the documents module's renderer.
   */
  async reportPdf(user: SessionUser, query: StatisticsQuery, lang: RenderLang): Promise<{ pdf: Buffer; filename: string }> {
    const stats = await this.statistics(user, query);
    const r = await this.resolve(user, query);
    const level = query.level ? referenceData.levels.find((l) => l.code === query.level)?.label : undefined;
    const data = statisticsReportData(stats, {
      organisation: await this.organisationOf(r),
      level: level ? { fr: level.fr, ar: level.ar, en: level.en } : null,
      today: moroccanDay(nowIso()),
      marsad: ministryTable(await this.categoryCounts(r), r.scope.suppress),
    });
    const pdf = await this.documents.render('statistics', lang, data);
    return { pdf, filename: `statistiques-${moroccanDay(nowIso())}.pdf` };
  }

  /** Cases by Ministry category, open and closed (the CSV export and the report). */
  private async categoryCounts(r: Resolved): Promise<CategoryCounts> {
    const counts: CategoryCounts = emptyCategoryCounts();
    for (const row of await this.codeCombinations(r)) {
      const cell = counts[ministryCategoryOf(codes(row.types))];
      cell.closed += row.closed;
      cell.open += row.n - row.closed;
    }
    return counts;
  }

  /**
   * The names heading the report: the narrowest unit of the scope and the filters (a principal's school; else a
   * province filter or the officer's province; else an academy filter or the officer's academy; else national).
   * Officers and administrators never get a school: their scope is never one.
   */
  private async organisationOf(r: Resolved): Promise<ReportContext['organisation']> {
    const { scope, query } = r;
    const unitId =
      scope.kind === 'school'
        ? scope.schoolId
        : (query.provinceId ??
          (scope.kind === 'province' ? scope.provinceId : (query.regionId ?? (scope.kind === 'region' ? scope.regionId : null))));
    const unit = await findUnit(this.db.manager, unitId);
    const names = (e: { nameFr: string; nameAr: string; nameEn?: string } | null) =>
      e ? { fr: e.nameFr, ar: e.nameAr, ...(e.nameEn ? { en: e.nameEn } : {}) } : null;
    const m = this.db.manager;
    const school = unit?.kind === 'school' && unit.schoolId ? await m.findOneBy(School, { id: unit.schoolId }) : null;
    const province = unit?.provinceId ? await m.findOneBy(Province, { id: unit.provinceId }) : null;
    const region = unit?.regionId ? await m.findOneBy(Region, { id: unit.regionId }) : null;
    return { academy: names(region), province: names(province), school: scope.kind === 'school' ? names(school) : null };
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

  /**
   * The cases of the scope and filters, in SQL: the school, or the schools under the viewer's unit. The schools
   * and provinces are joined only when the scope or a filter needs them: a national view reads the cases alone.
   */
  private base(r: Resolved): Qb {
    const { scope, query } = r;
    const qb = this.db.getRepository(CaseRecord).createQueryBuilder('c');
    if (scope.kind === 'school') qb.andWhere('c.schoolId = :scopeSchool', { scopeSchool: scope.schoolId });
    if (scope.kind === 'province' || scope.kind === 'region' || query.regionId || query.provinceId || query.level) {
      qb.innerJoin(School, 's', 's.id = c.schoolId').innerJoin(Province, 'p', 'p.id = s.provinceId');
      if (scope.kind === 'province') qb.andWhere('s.provinceId = :scopeProvince', { scopeProvince: scope.provinceId });
      if (scope.kind === 'region') qb.andWhere('p.regionId = :scopeRegion', { scopeRegion: scope.regionId });
      if (query.regionId) qb.andWhere('p.regionId = :regionId', { regionId: query.regionId });
      if (query.provinceId) qb.andWhere('s.provinceId = :provinceId', { provinceId: query.provinceId });
      if (query.level) qb.andWhere('s.level = :level', { level: query.level });
    }
    if (query.from) qb.andWhere('c.createdAt >= :from', { from: moroccanDayStart(query.from) });
    if (query.to) qb.andWhere('c.createdAt < :to', { to: moroccanDayStart(nextDay(query.to)) });
    return qb;
  }

  /** Cases by combination of types and of platforms (a few thousand combinations at most), with the closed ones. */
  private async codeCombinations(r: Resolved): Promise<{ types: string | null; platforms: string | null; closed: number; n: number }[]> {
    const rows = await this.base(r)
      .select('c.typeCodes', 'types')
      .addSelect('c.platformCodes', 'platforms')
      .addSelect('COUNT(*)', 'n')
      .addSelect('SUM(CASE WHEN c.closedAt IS NULL THEN 0 ELSE 1 END)', 'closed')
      .groupBy('c.typeCodes')
      .addGroupBy('c.platformCodes')
      .getRawMany<{ types: string | null; platforms: string | null; closed: unknown; n: unknown }>();
    return rows.map((row) => ({ types: row.types, platforms: row.platforms, closed: num(row.closed), n: num(row.n) }));
  }

  /** The schools (province, level) of these ids, read in chunks. */
  private async schoolsOf(ids: readonly string[]): Promise<Map<string, { provinceId: string; level: string }>> {
    const out = new Map<string, { provinceId: string; level: string }>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = await this.db
        .getRepository(School)
        .createQueryBuilder('s')
        .select(['s.id', 's.provinceId', 's.level'])
        .where('s.id IN (:...ids)', { ids: chunk })
        .getMany();
      for (const school of rows) out.set(school.id, { provinceId: school.provinceId, level: school.level });
    }
    return out;
  }

  /** How many cases took each duration (days, in tenths): one GROUP BY in the order of the duration's index. */
  private async histogram(
    r: Resolved,
    column: 'triageDays' | 'interviewDays' | 'closureDays',
  ): Promise<{ value: number; count: number }[]> {
    const rows = await this.base(r)
      .select(`c.${column}`, 'value')
      .addSelect('COUNT(*)', 'n')
      .andWhere(`c.${column} IS NOT NULL`)
      .groupBy(`c.${column}`)
      .getRawMany<{ value: unknown; n: unknown }>();
    return rows.map((row) => ({ value: Number(row.value), count: num(row.n) }));
  }

  /** Median and 90th percentile of a duration, hidden when computed on fewer than THRESHOLD cases. */
  private duration(histogram: { value: number; count: number }[], control: boolean): StatDurationDto {
    const n = histogram.reduce((s, h) => s + h.count, 0);
    const hidden = n === 0 || (control && n < THRESHOLD);
    return {
      cases: protectCount(n, control),
      medianDays: hidden ? null : oneDecimal(percentileOf(histogram, 0.5)),
      p90Days: hidden ? null : oneDecimal(percentileOf(histogram, 0.9)),
      suppressed: control && n > 0 && n < THRESHOLD,
    };
  }

  /** The units inside the scope that the region and province filters may name (academy and national viewers). */
  private async filterUnits(scope: StatisticsScope): Promise<StatUnitsDto> {
    if (scope.kind !== 'region' && scope.kind !== 'national') return { regions: [], provinces: [] };
    const label = (u: { nameFr: string; nameAr: string; nameEn: string }) => ({ fr: u.nameFr, ar: u.nameAr, en: u.nameEn });
    const provinces = await this.db.getRepository(Province).find({
      where: scope.kind === 'region' ? { regionId: scope.regionId } : {},
      order: { code: 'ASC' },
    });
    const regions = scope.kind === 'national' ? await this.db.getRepository(Region).find({ order: { code: 'ASC' } }) : [];
    return {
      regions: regions.map((u) => ({ id: u.id, code: u.code, label: label(u), regionId: null })),
      provinces: provinces.map((u) => ({ id: u.id, code: u.code, label: label(u), regionId: u.regionId })),
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
