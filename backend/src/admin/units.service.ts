import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { adminScope, escaperOf, schoolInScopeSql, unitInScope } from '../access/admin-scope';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import { importSchoolsAndStaff, type ImportReport } from '../import/import-schools-staff';
import { Province, Region, School } from '../organisation/organisation.entities';
import { describeUnits, findUnit, NATIONAL_UNIT } from '../organisation/units';
import { unitKeyOf } from '../users/membership.entity';
import { likePattern } from '../common/like';
import type {
  AdminSchoolDto,
  AdminSchoolPageDto,
  CreateSchoolDto,
  ImportRequestDto,
  ListSchoolsQuery,
  UnitsDto,
  UpdateSchoolDto,
} from './dto';

const toDto = (s: School): AdminSchoolDto => ({
  id: s.id,
  code: s.code,
  nameFr: s.nameFr,
  nameAr: s.nameAr,
  level: s.level,
  provinceId: s.provinceId,
});

/** Units (academies, directions provinciales, schools) and the CSV import, for administrators, within their scope. */
@Injectable()
export class UnitsAdminService {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** The academies and directions provinciales of the scope, with their number of schools. */
  async units(admin: SessionUser): Promise<UnitsDto> {
    const scope = adminScope(admin);
    const regions = await this.db.getRepository(Region).find({
      where: scope.kind === 'region' ? { id: scope.regionId } : {},
      order: { code: 'ASC' },
    });
    let provinces = await this.db.getRepository(Province).find({ order: { code: 'ASC' } });
    if (scope.kind === 'province') provinces = provinces.filter((p) => p.id === scope.provinceId);
    const counts = new Map(
      (
        await this.db
          .getRepository(School)
          .createQueryBuilder('s')
          .select('s.provinceId', 'provinceId')
          .addSelect('COUNT(*)', 'n')
          .groupBy('s.provinceId')
          .getRawMany<{ provinceId: string; n: string | number }>()
      ).map((r) => [r.provinceId, Number(r.n)]),
    );
    const shown = regions
      .filter((r) => scope.kind !== 'province' || provinces.some((p) => p.regionId === r.id))
      .map((r) => ({
        kind: 'region' as const,
        id: r.id,
        code: r.code,
        nameFr: r.nameFr,
        nameAr: r.nameAr,
        nameEn: r.nameEn,
        provinces: provinces
          .filter((p) => p.regionId === r.id)
          .map((p) => ({
            kind: 'province' as const,
            id: p.id,
            code: p.code,
            nameFr: p.nameFr,
            nameAr: p.nameAr,
            nameEn: p.nameEn,
            schools: counts.get(p.id) ?? 0,
          })),
      }));
    const own = { schoolId: null, provinceId: scope.provinceId, regionId: scope.regionId };
    const scopeUnit = scope.kind === 'national' ? NATIONAL_UNIT : (await describeUnits(this.db.manager, [own])).get(unitKeyOf(own))!;
    return { scope: scopeUnit, regions: shown };
  }

  async listSchools(admin: SessionUser, query: ListSchoolsQuery): Promise<AdminSchoolPageDto> {
    const scope = adminScope(admin);
    const page = Number(query.page ?? 1);
    const pageSize = Number(query.pageSize ?? 50);
    const qb = this.db.getRepository(School).createQueryBuilder('s');
    const e = escaperOf(qb);
    const inScope = schoolInScopeSql(scope, `${e('s')}.${e('id')}`, e);
    qb.where(inScope.sql, inScope.params);
    if (query.provinceId) {
      const unit = await findUnit(this.db.manager, query.provinceId);
      if (!unit || unit.kind !== 'province' || !unitInScope(scope, unit)) throw new DomainError('UNIT_NOT_FOUND');
      qb.andWhere(`${e('s')}.${e('provinceId')} = :provinceId`, { provinceId: query.provinceId });
    }
    if (query.q) {
      qb.andWhere(
        `(LOWER(${e('s')}.${e('code')}) LIKE :q ESCAPE '\\' OR LOWER(${e('s')}.${e('nameFr')}) LIKE :q ESCAPE '\\' OR ${e('s')}.${e('nameAr')} LIKE :q ESCAPE '\\')`,
        { q: likePattern(query.q) },
      );
    }
    const [rows, total] = await qb
      .orderBy(`${e('s')}.${e('code')}`, 'ASC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getManyAndCount();
    return { items: rows.map(toDto), total, page, pageSize };
  }

  async createSchool(admin: SessionUser, body: CreateSchoolDto, ip: string | null): Promise<AdminSchoolDto> {
    const scope = adminScope(admin);
    const school = await this.db.transaction(async (m) => {
      const unit = await findUnit(m, body.provinceId);
      if (!unit || unit.kind !== 'province' || !unitInScope(scope, unit)) throw new DomainError('UNIT_NOT_FOUND');
      const code = body.code.trim().toUpperCase();
      if (await m.existsBy(School, { code })) throw new DomainError('SCHOOL_CODE_TAKEN', [{ field: 'code', code: 'SCHOOL_CODE_TAKEN' }]);
      const row: School = {
        id: randomUUID(),
        code,
        nameFr: body.nameFr.trim(),
        nameAr: body.nameAr.trim(),
        level: body.level,
        provinceId: body.provinceId,
      };
      await m.insert(School, row);
      return row;
    });
    await this.audit.record({
      action: 'unit.change',
      actor: admin,
      ip,
      schoolId: school.id,
      targetId: school.id,
      details: { change: 'create' },
    });
    return toDto(school);
  }

  async updateSchool(admin: SessionUser, id: string, body: UpdateSchoolDto, ip: string | null): Promise<AdminSchoolDto> {
    const scope = adminScope(admin);
    const changed = Object.keys(body).filter((k) => body[k as keyof UpdateSchoolDto] !== undefined);
    const school = await this.db.transaction(async (m) => {
      const unit = await findUnit(m, id);
      if (!unit || unit.kind !== 'school' || !unitInScope(scope, unit)) throw new DomainError('SCHOOL_NOT_FOUND');
      const patch: Partial<School> = {};
      if (body.nameFr !== undefined) patch.nameFr = body.nameFr.trim();
      if (body.nameAr !== undefined) patch.nameAr = body.nameAr.trim();
      if (body.level !== undefined) patch.level = body.level;
      if (changed.length) await m.update(School, { id }, patch);
      return m.findOneByOrFail(School, { id });
    });
    if (changed.length) {
      await this.audit.record({
        action: 'unit.change',
        actor: admin,
        ip,
        schoolId: id,
        targetId: id,
        details: { change: 'update', fields: changed.sort() },
      });
    }
    return toDto(school);
  }

  /** The CSV import of docs/import.md, limited to the scope; the report lists the new accounts' links (once). */
  async import(admin: SessionUser, body: ImportRequestDto, ip: string | null): Promise<ImportReport> {
    const scope = adminScope(admin);
    if (!body.schoolsCsv && !body.staffCsv)
      throw new DomainError('VALIDATION_FAILED', [{ field: 'schoolsCsv', code: 'import.files.required' }]);
    const report = await importSchoolsAndStaff(
      this.db,
      { schoolsCsv: body.schoolsCsv || null, staffCsv: body.staffCsv || null },
      { publicUrl: this.config.publicUrl, dryRun: body.dryRun ?? false, skipInvalid: body.skipInvalid ?? false, scope },
    );
    await this.audit.record({
      action: 'import',
      actor: admin,
      ip,
      schoolId: null,
      details: {
        dryRun: report.dryRun,
        written: report.written,
        schoolsCreated: report.schools.created,
        staffCreated: report.staff.created,
        rejected: report.rejections.length,
        existing: report.existing.length,
      },
    });
    return report;
  }
}
