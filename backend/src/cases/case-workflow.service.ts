import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  applicable,
  availableActions,
  computeCaseState,
  findStep,
  type Applicability,
  type CaseEvent as EngineEvent,
  type CaseState,
  type NewCaseEvent,
  type ProtocolDefinition,
} from '@sanad/protocols';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import { nowIso } from '../database/columns';
import { placeholder, updateWhere } from '../database/raw-rows';
import { ProtocolCatalogue } from '../protocols/protocol-catalogue';
import { SchoolCalendars } from '../protocols/school-calendars';
import { User } from '../users/user.entity';
import { schoolStaff } from '../users/school-staff';
import { CaseEvent, CaseRecord } from './case.entities';
import { projectionOf } from './projection';
import { caseSummary } from './cases.service';
import {
  ACCESS_CHANGED,
  ASSIGNEE_CHANGED,
  DANGER_REPORTED,
  engineEventsOf,
  insertEvent,
  LEGAL_HOLD_PLACED,
  LEGAL_HOLD_RELEASED,
  loadCaseEvents,
  loadEngineEvents,
} from './case-events';
import { activeHold, AUTHORITIES_ALERT_STEP } from '../retention/planner';
import {
  caseScope,
  caseSubject,
  can,
  findVisibleCase,
  scopeCases,
  SCHOOL_STAFF_ROLES,
  writeCaseAccess,
  type Action,
  type CaseAccess,
} from '../access';
import { AuditService } from '../audit/audit.service';
import { JsonLogger } from '../common/json-logger';
import { Notification } from '../notifications/notification.entity';
import type { CaseDetailDto, DueStepDto, StaffMemberDto, TimelineEventDto } from './dto/case-detail.dto';
import type { CaseSummaryDto } from './dto/case-summary.dto';

type Draft = Omit<NewCaseEvent, 'at' | 'actor' | 'seq'>;

/** Engine rule violations → HTTP. Field problems are 400; who-may-do-what is 403; the rest is 422. */
function ruleError(verdict: Extract<Applicability, { ok: false }>): DomainError {
  const rule = { code: verdict.code, message: verdict.message };
  if (verdict.code === 'step_unknown') return new DomainError('STEP_NOT_FOUND', [], rule);
  if (verdict.code === 'role_not_allowed') return new DomainError('ROLE_NOT_ALLOWED', [], rule);
  if (verdict.code === 'invalid_answers' || verdict.code === 'invalid_payload' || verdict.code === 'invalid_reference') {
    const details = (verdict.fieldErrors ?? []).map((e) => ({
      field: !e.field ? 'answers' : e.field.startsWith('checklist.') ? e.field : `answers.${e.field}`,
      code: e.code,
      localized: e.message,
    }));
    return new DomainError('VALIDATION_FAILED', details, details.length ? undefined : rule);
  }
  return new DomainError('PROTOCOL_RULE', [], rule);
}

/**
 * A case may move to another version only if nothing it recorded is lost or reinterpreted: every step it
 * completed exists there, the same steps stay done, the facts and the case state are the same.
 */
export function migrationIsSafe(target: ProtocolDefinition, events: EngineEvent[], before: CaseState, after: CaseState): boolean {
  const recordedSteps = events.flatMap((e) => (e.type === 'step_completed' || e.type === 'step_signed' ? [e.payload.stepId] : []));
  if (recordedSteps.some((id) => !findStep(target, id))) return false;
  const done = (s: CaseState) => s.steps.filter((v) => v.status === 'done').map((v) => v.stepId);
  const doneAfter = new Set(done(after));
  return (
    after.state === before.state &&
    after.ignoredEvents.length <= before.ignoredEvents.length &&
    done(before).every((id) => doneAfter.has(id)) &&
    JSON.stringify(Object.entries(after.facts).sort()) === JSON.stringify(Object.entries(before.facts).sort())
  );
}

/**
 * Cases as event streams: reads compute the state from (pinned definition, events); writes check the event
 * with the engine, append it, and refresh the case's projection in the same transaction.
 */
@Injectable()
export class CaseWorkflowService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: ProtocolCatalogue,
    private readonly calendars: SchoolCalendars,
    private readonly audit: AuditService,
    private readonly logger: JsonLogger,
  ) {}

  /**
   * The case if the user may see it (the access scope is in the SQL WHERE) and do `action` to it. A case
   * outside the scope (another school, restricted without the user) is "not found", never "forbidden".
   */
  private visibleCase(
    m: EntityManager,
    user: SessionUser,
    caseId: string,
    action: Action = 'read',
  ): Promise<{ record: CaseRecord; access: CaseAccess }> {
    return findVisibleCase(m, user, caseId, action);
  }

  /** The case's protocol version and its school's calendar. */
  private async context(record: CaseRecord, now = nowIso()) {
    const loaded = this.catalogue.get(record.protocolId, record.protocolVersion);
    if (!loaded) throw new Error(`protocol ${record.protocolId}@${record.protocolVersion} missing`);
    return { loaded, calendar: await this.calendars.forSchool(record.schoolId), now };
  }

  private async compute(record: CaseRecord, events: EngineEvent[], now = nowIso()) {
    const { loaded, calendar } = await this.context(record, now);
    return { loaded, calendar, now, state: computeCaseState(loaded.definition, events, { now, calendar }) };
  }

  async detail(user: SessionUser, caseId: string): Promise<CaseDetailDto> {
    const { record, access } = await this.visibleCase(this.db.manager, user, caseId);
    // read once: the engine replays the protocol events, the danger report is among the others
    const rows = await loadCaseEvents(this.db.manager, caseId);
    const { loaded, state } = await this.compute(record, engineEventsOf(rows));
    return this.toDetail(this.db.manager, record, access, loaded.contentHash, state, user, lastDangerReport(rows));
  }

  async timeline(user: SessionUser, caseId: string): Promise<TimelineEventDto[]> {
    await this.visibleCase(this.db.manager, user, caseId);
    const rows = await this.db.getRepository(CaseEvent).find({ where: { caseId }, order: { seq: 'ASC' } });
    const assignees = rows.flatMap((r) =>
      r.type === ASSIGNEE_CHANGED && typeof r.payload.assigneeId === 'string' ? [r.payload.assigneeId] : [],
    );
    const ids = [...new Set([...rows.map((r) => r.actorId), ...assignees])];
    const users = ids.length ? await this.db.getRepository(User).createQueryBuilder('u').where('u.id IN (:...ids)', { ids }).getMany() : [];
    const names = new Map(users.map((u) => [u.id, u.displayName]));
    return rows.map((r) => ({
      seq: r.seq,
      type: r.type,
      at: r.at,
      actor: { id: r.actorId, displayName: names.get(r.actorId) ?? '', role: r.actorRole },
      // the name of the person put in charge, read now (the event keeps ids only)
      payload:
        r.type === ASSIGNEE_CHANGED
          ? { ...r.payload, assigneeName: typeof r.payload.assigneeId === 'string' ? (names.get(r.payload.assigneeId) ?? '') : null }
          : r.payload,
    }));
  }

  completeStep(
    user: SessionUser,
    caseId: string,
    stepId: string,
    expectedSeq: number,
    answers: Record<string, unknown>,
    checklist: string[] = [],
  ) {
    return this.append(user, caseId, expectedSeq, () => ({
      type: 'step_completed',
      payload: { stepId, answers: answers as never, checklist },
    }));
  }

  signStep(user: SessionUser, caseId: string, stepId: string, expectedSeq: number, comment?: string) {
    return this.append(user, caseId, expectedSeq, () => ({ type: 'step_signed', payload: comment ? { stepId, comment } : { stepId } }));
  }

  /**
   * The co-signer sends a step awaiting their signature back with a comment (instead of signing): the step is to
   * be done again, and whoever had completed it gets a notice (in-app, and in the next e-mail digest).
   */
  async returnStep(user: SessionUser, caseId: string, stepId: string, expectedSeq: number, comment: string) {
    return this.append(
      user,
      caseId,
      expectedSeq,
      () => ({ type: 'step_returned', payload: { stepId, comment: comment.trim() } }),
      'update',
      {
        afterInsert: async (m, events, seq, at) => {
          const completion = [...events].reverse().find((e) => e.type === 'step_completed' && e.payload.stepId === stepId);
          if (!completion || completion.actor.id === user.id) return;
          await m.insert(Notification, {
            id: randomUUID(),
            userId: completion.actor.id,
            caseId,
            stepId,
            kind: 'step_returned',
            dueAt: null,
            dedupeKey: `${caseId}:${stepId}:returned:${seq}`,
            createdAt: at,
            readAt: null,
            emailedAt: null,
          });
        },
      },
    );
  }

  addNote(user: SessionUser, caseId: string, expectedSeq: number, text: string) {
    return this.append(user, caseId, expectedSeq, () => ({ type: 'note_added', payload: { text } }));
  }

  correct(user: SessionUser, caseId: string, expectedSeq: number, refSeq: number, answers: Record<string, unknown>, reason: string) {
    return this.append(user, caseId, expectedSeq, () => ({ type: 'correction', payload: { refSeq, answers: answers as never, reason } }));
  }

  reopen(user: SessionUser, caseId: string, expectedSeq: number, reason: string) {
    return this.append(user, caseId, expectedSeq, () => ({ type: 'case_reopened', payload: { reason } }));
  }

  /**
   * Moves a case to another version of its protocol, only if nothing is lost: every past event must still
   * apply under the new version (none ignored) and the case's state must exist there. Logged as an event.
   */
  migrate(user: SessionUser, caseId: string, expectedSeq: number, toVersion: string, reason: string) {
    return this.append(
      user,
      caseId,
      expectedSeq,
      (record, events) => {
        const target = this.catalogue.get(record.protocolId, toVersion);
        if (!target || target.definition.status !== 'published') throw new DomainError('PROTOCOL_NOT_FOUND');
        if (toVersion === record.protocolVersion) throw new DomainError('MIGRATION_UNSAFE');
        const draft: Draft = { type: 'protocol_migrated', payload: { fromVersion: record.protocolVersion, toVersion, reason } };
        const trial = computeCaseState(
          target.definition,
          [...events, { ...draft, seq: record.lastEventSeq + 1, at: nowIso(), actor: { id: user.id, role: user.role } } as EngineEvent],
          {
            now: nowIso(),
          },
        );
        const before = computeCaseState(this.catalogue.definition(record.protocolId, record.protocolVersion), events, { now: nowIso() });
        if (!migrationIsSafe(target.definition, events, before, trial)) throw new DomainError('MIGRATION_UNSAFE');
        return { draft, version: toVersion };
      },
      'migrate',
    );
  }

  /**
   * Appends one event. Order: claim the next seq with a conditional update of the case row (a concurrent
   * writer with the same expectedSeq finds 0 rows and gets 409), check the event with the engine, insert it,
   * then store the new projection. All in one transaction: nothing half-written.
   */
  private async append(
    user: SessionUser,
    caseId: string,
    expectedSeq: number,
    build: (record: CaseRecord, events: EngineEvent[]) => Draft | { draft: Draft; version: string },
    action: Action = 'update',
    hooks: { afterInsert?: (m: EntityManager, events: EngineEvent[], seq: number, at: string) => Promise<void> } = {},
  ): Promise<CaseDetailDto> {
    return this.db.transaction(async (m) => {
      const { record, access } = await this.visibleCase(m, user, caseId, action);
      // a stale view is refused at once; the seq itself is claimed below, in the one UPDATE of the case row
      if (record.lastEventSeq !== expectedSeq) throw new DomainError('CONFLICT');

      const rows = await loadCaseEvents(m, caseId);
      // another writer committed since the case row was read (PostgreSQL): 409, not a verdict on events not seen
      if ((rows.at(-1)?.seq ?? 0) !== expectedSeq) throw new DomainError('CONFLICT');
      const events = engineEventsOf(rows);
      const built = build(record, events);
      const { draft, version } = 'draft' in built ? built : { draft: built, version: record.protocolVersion };
      // the engine replays the events twice: to check the new one (applicable), then with it (the new state)
      const { loaded, calendar, now } = await this.context(record);
      const event = { ...draft, at: now, actor: { id: user.id, role: user.role } } as NewCaseEvent;
      if (draft.type !== 'protocol_migrated') {
        const verdict = applicable(loaded.definition, events, event, { now, calendar });
        if (!verdict.ok) throw ruleError(verdict);
      }
      const seq = expectedSeq + 1;
      const next = this.catalogue.get(record.protocolId, version);
      if (!next) throw new DomainError('PROTOCOL_NOT_FOUND');
      const state = computeCaseState(next.definition, [...events, { ...event, seq }], { now, calendar });
      const updated: Partial<CaseRecord> = {
        ...projectionOf(next.definition, state, record.state),
        protocolVersion: version,
        updatedAt: now,
      };
      // one UPDATE claims the seq and stores the projection: a concurrent writer with the same expectedSeq finds
      // 0 rows (PostgreSQL: once the first commits) and gets 409; then the event, in the same transaction
      await this.claim(m, record, expectedSeq, updated);
      await insertEvent(m, {
        id: randomUUID(),
        caseId,
        seq,
        type: event.type,
        payload: event.payload as unknown as Record<string, unknown>,
        actorId: user.id,
        actorRole: user.role,
        at: now,
      });
      await hooks.afterInsert?.(m, events, seq, now);
      // the new event is a protocol event: the last danger report is among those read above
      return this.toDetail(m, { ...record, ...updated, lastEventSeq: seq }, access, next.contentHash, state, user, lastDangerReport(rows));
    });
  }

  /** Takes the next seq: 409 CONFLICT if `expectedSeq` is not the case's last event or another writer was first. */
  private async claim(m: EntityManager, record: CaseRecord, expectedSeq: number, also: Partial<CaseRecord> = {}): Promise<void> {
    if (record.lastEventSeq !== expectedSeq) throw new DomainError('CONFLICT');
    // only the columns that change (fewer index entries to rewrite); the row read is the one the seq guards
    const changed = Object.fromEntries(
      Object.entries(also).filter(([key, value]) => !sameValue(value, (record as unknown as Record<string, unknown>)[key])),
    ) as Partial<CaseRecord>;
    const claimed = await updateWhere(
      m,
      CaseRecord,
      { ...changed, lastEventSeq: expectedSeq + 1 },
      { id: record.id, lastEventSeq: expectedSeq },
    );
    if (!claimed) throw new DomainError('CONFLICT');
  }

  /**
   * Restricts a case to named staff of its school (the principal always keeps access), or lifts the
   * restriction. Coordinator or principal of the school; recorded as an `access_changed` event in the
   * timeline (with the reason), in the audit trail (ids only), and in `case_access`. Notices about the case
   * already sent to people who lose access are withdrawn.
   */
  async changeRestriction(
    user: SessionUser,
    caseId: string,
    change: { expectedSeq: number; restricted: boolean; members: string[]; reason: string },
    ip: string | null,
  ): Promise<CaseDetailDto> {
    const detail = await this.db.transaction(async (m) => {
      const { record } = await this.visibleCase(m, user, caseId, 'restrict');
      const members = await this.checkMembers(m, record.schoolId, change.restricted, change.members, user);
      if (change.restricted && record.assigneeId && !members.includes(record.assigneeId)) {
        const principals = await schoolStaff(m, record.schoolId, { roles: ['principal'], userIds: [record.assigneeId] });
        if (!principals.length)
          throw new DomainError('VALIDATION_FAILED', [{ field: 'members', code: 'case.restriction.members.assignee' }]);
      }
      await this.claim(m, record, change.expectedSeq);
      const at = nowIso();
      const seq = change.expectedSeq + 1;
      await insertEvent(m, {
        id: randomUUID(),
        caseId,
        seq,
        type: ACCESS_CHANGED,
        payload: { restricted: change.restricted, members, reason: change.reason.trim() },
        actorId: user.id,
        actorRole: user.role,
        at,
      });
      await writeCaseAccess(m, caseId, { restricted: change.restricted, memberIds: members, at, byId: user.id });
      await m.update(CaseRecord, { id: caseId }, { updatedAt: at });
      if (change.restricted) await this.withdrawNotices(m, record.schoolId, caseId, members);
      const access: CaseAccess = { restricted: change.restricted, memberIds: members };
      const events = await loadEngineEvents(m, caseId);
      const { loaded, state } = await this.compute(record, events);
      return this.toDetail(m, { ...record, lastEventSeq: seq, updatedAt: at }, access, loaded.contentHash, state, user);
    });
    try {
      await this.audit.record({
        action: 'case.write',
        actor: user,
        ip,
        caseId,
        details: { change: 'access', restricted: change.restricted, members: detail.access.members.map((p) => p.id) },
      });
    } catch (e) {
      // as for every write (AuditInterceptor): a committed change is reported, not undone
      this.logger.error(e instanceof Error ? e : String(e), undefined, 'CaseWorkflowService');
    }
    return detail;
  }

  /** The staff of the user's school who may be put in charge of a case (the list's "assignee" filter, the case page). */
  async staff(user: SessionUser): Promise<StaffMemberDto[]> {
    const { schoolId } = caseScope(user);
    const people = await schoolStaff(this.db.manager, schoolId, { roles: SCHOOL_STAFF_ROLES });
    const ids = [...new Set(people.map((p) => p.id))];
    const users = ids.length ? await this.db.getRepository(User).createQueryBuilder('u').where('u.id IN (:...ids)', { ids }).getMany() : [];
    const names = new Map(users.map((u) => [u.id, u.displayName]));
    const byId = new Map<string, StaffMemberDto>();
    for (const p of people) {
      const known = byId.get(p.id);
      if (known) known.roles.push(p.role);
      else byId.set(p.id, { id: p.id, displayName: names.get(p.id) ?? '', roles: [p.role] });
    }
    return [...byId.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'fr'));
  }

  /**
   * Names the member of the resource team in charge of a case, or nobody (`null`). Coordinator or principal; the
   * person must be staff of the case's school and able to see the case (named on a restriction, or the principal).
   * Recorded as an `assignee_changed` event in the timeline and in the audit trail; the person gets a notice.
   */
  async assign(
    user: SessionUser,
    caseId: string,
    expectedSeq: number,
    assigneeId: string | null,
    ip: string | null,
  ): Promise<CaseDetailDto> {
    const detail = await this.db.transaction(async (m) => {
      const { record, access } = await this.visibleCase(m, user, caseId, 'assign');
      if (assigneeId !== null) {
        const roles = await schoolStaff(m, record.schoolId, { roles: SCHOOL_STAFF_ROLES, userIds: [assigneeId] });
        if (!roles.length) throw new DomainError('VALIDATION_FAILED', [{ field: 'assigneeId', code: 'case.assignee.notStaff' }]);
        if (!roles.some((p) => can(p, 'read', caseSubject(record, access))))
          throw new DomainError('VALIDATION_FAILED', [{ field: 'assigneeId', code: 'case.assignee.noAccess' }]);
      }
      await this.claim(m, record, expectedSeq);
      const at = nowIso();
      const seq = expectedSeq + 1;
      await insertEvent(m, {
        id: randomUUID(),
        caseId,
        seq,
        type: ASSIGNEE_CHANGED,
        payload: { assigneeId, previousId: record.assigneeId ?? null },
        actorId: user.id,
        actorRole: user.role,
        at,
      });
      await m.update(CaseRecord, { id: caseId }, { assigneeId, updatedAt: at });
      if (assigneeId !== null && assigneeId !== user.id && assigneeId !== record.assigneeId) {
        await m.insert(Notification, {
          id: randomUUID(),
          userId: assigneeId,
          caseId,
          stepId: null,
          kind: 'case_assigned',
          dueAt: null,
          dedupeKey: `${caseId}:assigned:${seq}`,
          createdAt: at,
          readAt: null,
          emailedAt: null,
        });
      }
      const events = await loadEngineEvents(m, caseId);
      const { loaded, state } = await this.compute(record, events);
      return this.toDetail(m, { ...record, assigneeId, lastEventSeq: seq, updatedAt: at }, access, loaded.contentHash, state, user);
    });
    try {
      await this.audit.record({ action: 'case.write', actor: user, ip, caseId, details: { change: 'assignee', assigneeId } });
    } catch (e) {
      // as for every write (AuditInterceptor): a committed change is reported, not undone
      this.logger.error(e instanceof Error ? e : String(e), undefined, 'CaseWorkflowService');
    }
    return detail;
  }

  /**
   * Places a legal hold on a case (a complaint, a judicial request): the retention purge never touches it while
   * held (docs/retention.md). The principal only; with a reason. Recorded as a `legal_hold_placed` event in the
   * timeline and in the audit trail (no text there). 409 LEGAL_HOLD_ALREADY_PLACED when the principal's hold is on.
   */
  placeLegalHold(user: SessionUser, caseId: string, expectedSeq: number, reason: string, ip: string | null): Promise<CaseDetailDto> {
    return this.changeLegalHold(user, caseId, expectedSeq, reason, ip, true);
  }

  /**
   * Releases the hold: the principal's, or the automatic one of a case reported to the authorities (once the
   * matter is closed). 409 LEGAL_HOLD_NOT_PLACED when the case is not held. Recorded as `legal_hold_released`.
   */
  releaseLegalHold(user: SessionUser, caseId: string, expectedSeq: number, reason: string, ip: string | null): Promise<CaseDetailDto> {
    return this.changeLegalHold(user, caseId, expectedSeq, reason, ip, false);
  }

  private async changeLegalHold(
    user: SessionUser,
    caseId: string,
    expectedSeq: number,
    reason: string,
    ip: string | null,
    place: boolean,
  ): Promise<CaseDetailDto> {
    let automatic = false;
    const detail = await this.db.transaction(async (m) => {
      const { record, access } = await this.visibleCase(m, user, caseId, 'hold');
      const events = await loadEngineEvents(m, caseId);
      const { loaded, state } = await this.compute(record, events);
      const hold = activeHold({ ...record, authoritiesAlertedAt: authoritiesAlertedAt(state) });
      if (place && record.legalHoldAt) throw new DomainError('LEGAL_HOLD_ALREADY_PLACED');
      if (!place && !hold) throw new DomainError('LEGAL_HOLD_NOT_PLACED');
      automatic = !place && hold === 'authorities_alert';
      await this.claim(m, record, expectedSeq);
      const at = nowIso();
      const seq = expectedSeq + 1;
      const text = reason.trim();
      await insertEvent(m, {
        id: randomUUID(),
        caseId,
        seq,
        type: place ? LEGAL_HOLD_PLACED : LEGAL_HOLD_RELEASED,
        payload: place ? { reason: text } : { reason: text, automatic },
        actorId: user.id,
        actorRole: user.role,
        at,
      });
      const change: Partial<CaseRecord> = place
        ? { legalHoldAt: at, legalHoldById: user.id, legalHoldReason: text, updatedAt: at }
        : { legalHoldAt: null, legalHoldById: null, legalHoldReason: null, legalHoldReleasedAt: at, updatedAt: at };
      await m.update(CaseRecord, { id: caseId }, change);
      return this.toDetail(m, { ...record, ...change, lastEventSeq: seq }, access, loaded.contentHash, state, user);
    });
    try {
      await this.audit.record({
        action: 'case.write',
        actor: user,
        ip,
        caseId,
        details: { change: place ? 'legal_hold_placed' : 'legal_hold_released', automatic },
      });
    } catch (e) {
      // as for every write (AuditInterceptor): a committed change is reported, not undone
      this.logger.error(e instanceof Error ? e : String(e), undefined, 'CaseWorkflowService');
    }
    return detail;
  }

  /** The members of a restriction: active staff of the case's school; a coordinator restricting is kept in. */
  private async checkMembers(m: EntityManager, schoolId: string, restricted: boolean, ids: string[], user: SessionUser): Promise<string[]> {
    if (!restricted) {
      if (ids.length) throw new DomainError('VALIDATION_FAILED', [{ field: 'members', code: 'case.restriction.members.unexpected' }]);
      return [];
    }
    const wanted = [...new Set(user.role === 'principal' ? ids : [...ids, user.id])];
    const staff = new Set((await schoolStaff(m, schoolId, { roles: SCHOOL_STAFF_ROLES, userIds: wanted })).map((p) => p.id));
    if (staff.size !== wanted.length) {
      throw new DomainError('VALIDATION_FAILED', [{ field: 'members', code: 'case.restriction.members.notStaff' }]);
    }
    return wanted;
  }

  /** Deletes the notices about a newly restricted case held by people who no longer see it. */
  private async withdrawNotices(m: EntityManager, schoolId: string, caseId: string, members: string[]): Promise<void> {
    const principals = await schoolStaff(m, schoolId, { roles: ['principal'] });
    const keep = [...members, ...principals.map((p) => p.id)];
    const e = (name: string) => m.connection.driver.escape(name);
    await m
      .createQueryBuilder()
      .delete()
      .from(Notification)
      .where(`${e('caseId')} = :caseId`, { caseId })
      .andWhere(`${e('userId')} NOT IN (:...keep)`, { keep })
      .execute();
  }

  /** Steps due (or overdue) in the user's school; `mine` keeps those the user's role performs. */
  async due(user: SessionUser, scope: 'mine' | 'school', now = nowIso()): Promise<DueStepDto[]> {
    const soon = new Date(Date.parse(now) + 2 * 86_400_000).toISOString();
    const rows = await scopeCases(this.db.getRepository(CaseRecord).createQueryBuilder('c'), 'c', user)
      .select(['c.id', 'c.reference', 'c.title', 'c.protocolId', 'c.protocolVersion', 'c.openSteps'])
      .andWhere('c.nextDueAt IS NOT NULL')
      .getMany();
    const out: DueStepDto[] = [];
    for (const r of rows) {
      const def = this.catalogue.get(r.protocolId, r.protocolVersion)?.definition;
      for (const s of r.openSteps ?? []) {
        if (!s.dueAt) continue;
        if (scope === 'mine' && !s.roles.includes(user.role)) continue;
        const urgency = s.dueAt < now ? 'overdue' : s.dueAt < soon || (s.warnAt !== undefined && s.warnAt <= now) ? 'due_soon' : 'upcoming';
        const title = def ? findStep(def, s.stepId)?.title : undefined;
        out.push({
          caseId: r.id,
          reference: r.reference,
          title: r.title,
          stepId: s.stepId,
          stepTitle: title ?? { fr: s.stepId, ar: s.stepId, en: s.stepId },
          dueAt: s.dueAt,
          urgency,
          roles: s.roles,
        });
      }
    }
    return out.sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
  }

  private async toDetail(
    m: EntityManager,
    record: CaseRecord,
    access: CaseAccess,
    contentHash: string,
    state: CaseState,
    user: SessionUser,
    /** the last danger report when the caller has read the events already (undefined: read it here) */
    known?: CaseEvent | null,
  ): Promise<CaseDetailDto> {
    const danger =
      known !== undefined
        ? known
        : await m.getRepository(CaseEvent).findOne({ where: { caseId: record.id, type: DANGER_REPORTED }, order: { seq: 'DESC' } });
    const returnedBy = state.steps.flatMap((v) => (v.returned ? [v.returned.by.id, v.returned.completedBy.id] : []));
    const people = [
      ...new Set([
        record.createdById,
        ...access.memberIds,
        ...returnedBy,
        ...(record.assigneeId ? [record.assigneeId] : []),
        ...(danger ? [danger.actorId] : []),
      ]),
    ];
    const alert = state.steps.find((v) => v.stepId === AUTHORITIES_ALERT_STEP && v.completedAt);
    const hold = activeHold({ ...record, authoritiesAlertedAt: authoritiesAlertedAt(state) });
    const holder = hold === 'legal_hold' ? record.legalHoldById : hold === 'authorities_alert' ? (alert?.completedBy?.id ?? null) : null;
    if (holder) people.push(holder);
    const found = await m.query<{ id: string; displayName: string }[]>(
      `SELECT "id", "displayName" FROM "users" WHERE "id" IN (${people.map((_, i) => placeholder(m, i + 1)).join(', ')})`,
      people,
    );
    const names = new Map(found.map((u) => [u.id, u.displayName]));
    const author = { displayName: names.get(record.createdById) };
    const summary: CaseSummaryDto = {
      ...caseSummary(
        record,
        author.displayName ?? '',
        access.restricted,
        record.assigneeId ? { id: record.assigneeId, displayName: names.get(record.assigneeId) ?? '' } : null,
      ),
      state: state.state ?? record.state,
    };
    return {
      case: summary,
      protocol: { id: record.protocolId, version: record.protocolVersion, contentHash },
      lastEventSeq: record.lastEventSeq,
      state: state.state ?? record.state,
      closed: state.closed,
      facts: state.facts,
      steps: state.steps.map(({ completedBy: _completedBy, returned, ...v }) => ({
        ...v,
        ...(returned
          ? {
              returned: {
                at: returned.at,
                comment: returned.comment,
                by: { id: returned.by.id, displayName: names.get(returned.by.id) ?? '' },
                completedBy: { id: returned.completedBy.id, displayName: names.get(returned.completedBy.id) ?? '' },
              },
            }
          : {}),
      })),
      actions: availableActions(state, user.role),
      overdue: state.overdue,
      canClose: state.canClose,
      closureConditionMet: state.closureConditionMet,
      missingForClosure: state.missingForClosure,
      access: {
        restricted: access.restricted,
        members: access.memberIds.map((id) => ({ id, displayName: names.get(id) ?? '' })),
        canChange: can(user, 'restrict', caseSubject(record, access)),
      },
      reportedDanger: danger
        ? {
            flags: Array.isArray(danger.payload.flags) ? (danger.payload.flags as string[]) : [],
            at: danger.at,
            by: { id: danger.actorId, displayName: names.get(danger.actorId) ?? '' },
          }
        : null,
      legalHold:
        hold === null
          ? null
          : {
              kind: hold,
              at: hold === 'legal_hold' ? record.legalHoldAt! : authoritiesAlertedAt(state)!,
              by: { id: holder ?? '', displayName: holder ? (names.get(holder) ?? '') : '' },
              reason: hold === 'legal_hold' ? record.legalHoldReason : null,
            },
      canChangeLegalHold: can(user, 'hold', caseSubject(record, access)),
      anonymisedAt: record.anonymisedAt ?? null,
    };
  }
}

/** Whether a projection column keeps its value (arrays and objects compared as their JSON). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return (a ?? null) === (b ?? null);
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The last `danger_reported` event among a case's events (in seq order), or null. */
function lastDangerReport(rows: readonly CaseEvent[]): CaseEvent | null {
  for (let i = rows.length - 1; i >= 0; i--) if (rows[i].type === DANGER_REPORTED) return rows[i];
  return null;
}

/** When the case was first reported to the authorities (step authorities_alert done), or null. */
function authoritiesAlertedAt(state: CaseState): string | null {
  return state.steps.find((v) => v.stepId === AUTHORITIES_ALERT_STEP)?.completedAt ?? null;
}
