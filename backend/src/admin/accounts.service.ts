import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { adminScope, mayGrant, membershipInScopeSql, unitInScope, type AdminScope } from '../access/admin-scope';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/password-hash';
import { issuePasswordLink } from '../auth/password-links';
import { UserMfa } from '../auth/identity.entities';
import { Session } from '../auth/session.entity';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import { nowIso } from '../database/columns';
import { Mailer } from '../notifications/mailer';
import { Province, School } from '../organisation/organisation.entities';
import { describeUnits, findUnit, type UnitPath } from '../organisation/units';
import { Membership, membershipRow, UNIT_KINDS_OF_ROLE } from '../users/membership.entity';
import { User, type Role } from '../users/user.entity';
import type {
  AddMembershipDto,
  AdminMembershipDto,
  AdminUserDto,
  AdminUserPageDto,
  CreatedUserDto,
  CreateUserDto,
  ListUsersQuery,
  PasswordLinkDto,
} from './dto';
import { passwordLinkMail } from './mails';
import { likePattern } from '../common/like';

type Escape = (name: string) => string;

/**
 * Accounts and memberships, for administrators (issue #5). The rules are in access/admin-scope.ts; this
 * service applies them: every query is limited to the caller's scope in SQL, an account outside it is
 * "not found", and every change is written to the audit trail after it has committed.
 */
@Injectable()
export class AccountsAdminService {
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly mailer: Mailer,
  ) {}

  private escape: Escape = (name) => this.db.driver.escape(name);

  async list(admin: SessionUser, query: ListUsersQuery): Promise<AdminUserPageDto> {
    const scope = adminScope(admin);
    const page = Number(query.page ?? 1);
    const pageSize = Number(query.pageSize ?? 50);
    const e = this.escape;
    const inScope = membershipInScopeSql(scope, 'ms', e);
    const conditions = [inScope.sql];
    const params: Record<string, unknown> = { ...inScope.params };
    if (query.role) {
      conditions.push(`${e('ms')}.${e('role')} = :role`);
      params.role = query.role;
    }
    if (query.unitId) {
      const unit = await findUnit(this.db.manager, query.unitId);
      if (!unit || !unitInScope(scope, unit)) throw new DomainError('UNIT_NOT_FOUND');
      const within = withinUnitSql(unit, 'ms', e);
      conditions.push(within.sql);
      Object.assign(params, within.params);
    }
    const qb = this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .where(
        `EXISTS (SELECT 1 FROM ${e('memberships')} ${e('ms')} WHERE ${e('ms')}.${e('userId')} = ${e('u')}.${e('id')} AND ${conditions.join(' AND ')})`,
        params,
      );
    if (query.q) {
      qb.andWhere(`(LOWER(${e('u')}.${e('displayName')}) LIKE :q ESCAPE '\\' OR ${e('u')}.${e('email')} LIKE :q ESCAPE '\\')`, {
        q: likePattern(query.q),
      });
    }
    if (query.active) qb.andWhere(`${e('u')}.${e('active')} = :active`, { active: query.active === 'true' });
    const [users, total] = await qb
      .orderBy(`${e('u')}.${e('displayName')}`, 'ASC')
      .addOrderBy(`${e('u')}.${e('id')}`, 'ASC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getManyAndCount();
    return { items: await this.describe(this.db.manager, scope, users), total, page, pageSize };
  }

  async get(admin: SessionUser, userId: string): Promise<AdminUserDto> {
    const scope = adminScope(admin);
    return (await this.visible(this.db.manager, scope, userId)).dto;
  }

  async create(admin: SessionUser, body: CreateUserDto, ip: string | null): Promise<CreatedUserDto> {
    const scope = adminScope(admin);
    const email = body.email.trim().toLowerCase();
    // a random unknown password: nobody can sign in before the link is used
    const unusable = await hashPassword(randomBytes(32).toString('hex'));
    const created = await this.db.transaction(async (m) => {
      const unit = await this.grantable(m, scope, body.role as Role, body.unitId);
      if (await m.existsBy(User, { email })) throw new DomainError('EMAIL_TAKEN', [{ field: 'email', code: 'EMAIL_TAKEN' }]);
      const userId = randomUUID();
      const at = nowIso();
      await m.insert(User, {
        id: userId,
        email,
        displayName: body.displayName.trim(),
        passwordHash: unusable,
        locale: body.locale,
        active: true,
        createdAt: at,
      });
      const membership = membershipRow(randomUUID(), userId, body.role as Role, unit, at);
      await this.insertMembership(m, membership);
      const link = await issuePasswordLink(m, this.config.publicUrl, userId, 'invite');
      return { userId, link, membership, unit };
    });
    const emailed = await this.sendLink(created.userId, 'invite', created.link);
    await this.audit.record({
      action: 'account.create',
      actor: admin,
      ip,
      schoolId: created.unit.schoolId,
      targetId: created.userId,
      details: { role: body.role, unitKind: created.unit.kind, unitId: created.unit.id, emailed },
    });
    const user = await this.get(admin, created.userId);
    return { user, link: { ...created.link, emailed } };
  }

  async addMembership(admin: SessionUser, userId: string, body: AddMembershipDto, ip: string | null): Promise<AdminMembershipDto> {
    const scope = adminScope(admin);
    const added = await this.db.transaction(async (m) => {
      await this.visible(m, scope, userId);
      const unit = await this.grantable(m, scope, body.role as Role, body.unitId);
      const membership = membershipRow(randomUUID(), userId, body.role as Role, unit, nowIso());
      if (await m.existsBy(Membership, { userId, role: membership.role, unitKey: membership.unitKey }))
        throw new DomainError('MEMBERSHIP_EXISTS');
      await this.insertMembership(m, membership);
      return { membership, unit };
    });
    await this.audit.record({
      action: 'role.change',
      actor: admin,
      ip,
      schoolId: added.unit.schoolId,
      targetId: userId,
      details: { change: 'add', role: body.role, unitKind: added.unit.kind, unitId: added.unit.id, membershipId: added.membership.id },
    });
    const units = await describeUnits(this.db.manager, [added.membership]);
    return { id: added.membership.id, role: added.membership.role, unit: units.get(added.membership.unitKey)!, manageable: true };
  }

  async removeMembership(admin: SessionUser, userId: string, membershipId: string, ip: string | null): Promise<void> {
    const scope = adminScope(admin);
    const removed = await this.db.transaction(async (m) => {
      const { memberships, paths } = await this.visible(m, scope, userId);
      const target = memberships.find((x) => x.id === membershipId);
      if (!target || !unitInScope(scope, paths.get(target.id)!)) throw new DomainError('NOT_FOUND');
      if (memberships.length === 1) throw new DomainError('LAST_MEMBERSHIP');
      if (userId === admin.id && target.role === 'admin' && memberships.filter((x) => x.role === 'admin').length === 1) {
        throw new DomainError('CANNOT_CHANGE_SELF');
      }
      // sessions acting in it end (foreign key ON DELETE CASCADE), the others go on
      await m.delete(Session, { membershipId });
      await m.delete(Membership, { id: membershipId });
      return target;
    });
    await this.audit.record({
      action: 'role.change',
      actor: admin,
      ip,
      schoolId: removed.schoolId,
      targetId: userId,
      details: { change: 'remove', role: removed.role, unitKey: removed.unitKey, membershipId },
    });
  }

  async passwordLink(admin: SessionUser, userId: string, purpose: 'invite' | 'reset', ip: string | null): Promise<PasswordLinkDto> {
    const scope = adminScope(admin);
    const link = await this.db.transaction(async (m) => {
      await this.manageable(m, scope, userId);
      return issuePasswordLink(m, this.config.publicUrl, userId, purpose);
    });
    const emailed = await this.sendLink(userId, purpose, link);
    await this.audit.record({
      action: 'account.password_link',
      actor: admin,
      ip,
      schoolId: null,
      targetId: userId,
      details: { purpose, emailed },
    });
    return { ...link, emailed };
  }

  async setActive(admin: SessionUser, userId: string, active: boolean, ip: string | null): Promise<void> {
    const scope = adminScope(admin);
    if (userId === admin.id) throw new DomainError('CANNOT_CHANGE_SELF');
    await this.db.transaction(async (m) => {
      await this.manageable(m, scope, userId);
      await m.update(User, { id: userId }, { active });
      if (!active) await m.delete(Session, { userId });
    });
    await this.audit.record({ action: active ? 'account.enable' : 'account.disable', actor: admin, ip, schoolId: null, targetId: userId });
  }

  async revokeSessions(admin: SessionUser, userId: string, ip: string | null): Promise<{ revoked: number }> {
    const scope = adminScope(admin);
    const revoked = await this.db.transaction(async (m) => {
      await this.manageable(m, scope, userId);
      return (await m.delete(Session, { userId })).affected ?? 0;
    });
    await this.audit.record({
      action: 'account.sessions_revoked',
      actor: admin,
      ip,
      schoolId: null,
      targetId: userId,
      details: { revoked },
    });
    return { revoked };
  }

  // --- rules ---

  /** The unit, when the caller may grant this role there: 404 UNIT_NOT_FOUND outside the scope, 400 when role and unit do not fit. */
  private async grantable(m: EntityManager, scope: AdminScope, role: Role, unitId: string | null): Promise<UnitPath> {
    const unit = await findUnit(m, unitId);
    if (!unit || !unitInScope(scope, unit)) throw new DomainError('UNIT_NOT_FOUND');
    if (!UNIT_KINDS_OF_ROLE[role].includes(unit.kind)) {
      throw new DomainError('VALIDATION_FAILED', [{ field: 'unitId', code: 'membership.unit_mismatch' }]);
    }
    if (!mayGrant(scope, role, unit)) throw new DomainError('VALIDATION_FAILED', [{ field: 'role', code: 'membership.admin_above_scope' }]);
    return unit;
  }

  private async insertMembership(m: EntityManager, membership: Membership): Promise<void> {
    if (membership.role === 'principal' && (await m.existsBy(Membership, { role: 'principal', unitKey: membership.unitKey }))) {
      throw new DomainError('PRINCIPAL_EXISTS');
    }
    await m.insert(Membership, membership);
  }

  /** The account with its memberships, when at least one is in the scope; 404 USER_NOT_FOUND otherwise. */
  private async visible(
    m: EntityManager,
    scope: AdminScope,
    userId: string,
  ): Promise<{ dto: AdminUserDto; memberships: Membership[]; paths: Map<string, UnitPath> }> {
    const user = await m.findOneBy(User, { id: userId });
    const memberships = user ? await m.find(Membership, { where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } }) : [];
    const paths = await unitPaths(m, memberships);
    if (!user || !memberships.some((x) => unitInScope(scope, paths.get(x.id)!))) throw new DomainError('USER_NOT_FOUND');
    const [dto] = await this.describe(m, scope, [user]);
    return { dto, memberships, paths };
  }

  /** As `visible`, and every membership in the scope; 403 ACCOUNT_OUTSIDE_SCOPE otherwise. */
  private async manageable(m: EntityManager, scope: AdminScope, userId: string): Promise<AdminUserDto> {
    const { dto } = await this.visible(m, scope, userId);
    if (!dto.manageable) throw new DomainError('ACCOUNT_OUTSIDE_SCOPE');
    return dto;
  }

  private async describe(m: EntityManager, scope: AdminScope, users: User[]): Promise<AdminUserDto[]> {
    if (!users.length) return [];
    const ids = users.map((u) => u.id);
    const memberships = await m.find(Membership, { where: { userId: In(ids) }, order: { createdAt: 'ASC', id: 'ASC' } });
    // one after the other: `m` may be a transaction's manager, whose single connection runs one query at a time
    const paths = await unitPaths(m, memberships);
    const units = await describeUnits(m, memberships);
    const mfa = await m.find(UserMfa, { where: { userId: In(ids) } });
    const enabled = new Set(mfa.filter((x) => x.secret !== null).map((x) => x.userId));
    return users.map((u) => {
      const own = memberships.filter((x) => x.userId === u.id);
      const inside = own.filter((x) => unitInScope(scope, paths.get(x.id)!));
      return {
        id: u.id,
        email: u.email,
        displayName: u.displayName,
        locale: u.locale,
        active: u.active,
        mfaEnabled: enabled.has(u.id),
        createdAt: u.createdAt,
        memberships: inside.map((x) => ({ id: x.id, role: x.role, unit: units.get(x.unitKey)!, manageable: true })),
        otherMemberships: own.length - inside.length,
        manageable: inside.length === own.length,
      };
    });
  }

  /** Sends the link by e-mail when SMTP is configured; true when sent. A failure to send is not an error: the link is shown. */
  private async sendLink(userId: string, purpose: 'invite' | 'reset', link: { url: string; expiresAt: string }): Promise<boolean> {
    if (!this.mailer.enabled) return false;
    const user = await this.db.getRepository(User).findOneByOrFail({ id: userId });
    try {
      await this.mailer.send({ to: user.email, ...passwordLinkMail(user.locale, purpose, link) });
      return true;
    } catch {
      return false;
    }
  }
}

/** Where each membership's unit sits (school → province → region), keyed by membership id. */
export async function unitPaths(m: EntityManager, memberships: readonly Membership[]): Promise<Map<string, UnitPath>> {
  const schoolIds = [...new Set(memberships.map((x) => x.schoolId).filter((x): x is string => !!x))];
  const schools = schoolIds.length ? await m.findBy(School, { id: In(schoolIds) }) : [];
  const provinceIds = [
    ...new Set([...schools.map((s) => s.provinceId), ...memberships.map((x) => x.provinceId).filter((x): x is string => !!x)]),
  ];
  const provinces = new Map((provinceIds.length ? await m.findBy(Province, { id: In(provinceIds) }) : []).map((p) => [p.id, p]));
  const schoolProvince = new Map(schools.map((s) => [s.id, s.provinceId]));
  const out = new Map<string, UnitPath>();
  for (const x of memberships) {
    const provinceId = x.schoolId ? (schoolProvince.get(x.schoolId) ?? null) : x.provinceId;
    const regionId = provinceId ? (provinces.get(provinceId)?.regionId ?? null) : x.regionId;
    const kind = x.schoolId ? 'school' : x.provinceId ? 'province' : x.regionId ? 'region' : 'national';
    out.set(x.id, { kind, id: x.schoolId ?? x.provinceId ?? x.regionId, schoolId: x.schoolId, provinceId, regionId });
  }
  return out;
}

/** An SQL condition "the membership under `alias` is in this unit or below it". */
function withinUnitSql(unit: UnitPath, alias: string, e: Escape): { sql: string; params: Record<string, string> } {
  switch (unit.kind) {
    case 'school':
      return { sql: `${e(alias)}.${e('schoolId')} = :withinSchoolId`, params: { withinSchoolId: unit.schoolId! } };
    case 'province':
      return membershipInScopeSql({ kind: 'province', provinceId: unit.provinceId!, regionId: null }, alias, e, 'within');
    case 'region':
      return membershipInScopeSql({ kind: 'region', regionId: unit.regionId!, provinceId: null }, alias, e, 'within');
    case 'national':
      return { sql: '1 = 1', params: {} };
  }
}
