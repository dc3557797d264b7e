import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { findStep } from '@sanad/protocols';
import { DataSource, IsNull } from 'typeorm';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { JsonLogger } from '../common/json-logger';
import { CaseRecord, type OpenStep } from '../cases/case.entities';
import { ProtocolCatalogue } from '../protocols/protocol-catalogue';
import { acquireLease } from '../scheduling/lease';
import { can, caseSubject, loadCaseAccess } from '../access';
import { User } from '../users/user.entity';
import { schoolStaff } from '../users/school-staff';
import type { SessionUser } from '../common/request-context';
import { Mailer } from './mailer';
import { Transmission } from '../transmissions/transmission.entities';
import { Notification, type NotificationKind } from './notification.entity';

export interface ReminderRun {
  ran: boolean;
  created: number;
  emailed: number;
}

/** The notices a step deserves at `now`: to the people who perform it, and past escalation to those alerted. */
export function noticesFor(step: OpenStep, now: string): { kind: NotificationKind; roles: string[] }[] {
  const out: { kind: NotificationKind; roles: string[] }[] = [];
  if (step.dueAt && step.dueAt <= now) out.push({ kind: 'deadline_overdue', roles: step.roles });
  else if (step.warnAt && step.warnAt <= now) out.push({ kind: 'deadline_warning', roles: step.roles });
  if (step.escalateAt && step.escalateAt <= now && step.escalate?.length) out.push({ kind: 'deadline_escalation', roles: step.escalate });
  return out;
}

const LEASE = 'reminders';

/**
 * Finds steps whose deadline approaches, passed, or calls for escalation, and notifies the people who act
 * (in-app, and by an e-mail digest when SMTP is configured). Safe with several instances: a database lease
 * lets one run at a time, and each notice has a unique key so a retry never sends it twice.
 */
@Injectable()
export class ReminderService implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  readonly instanceId = randomUUID();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly catalogue: ProtocolCatalogue,
    private readonly mailer: Mailer,
    private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.reminderIntervalSeconds <= 0) return;
    this.timer = setInterval(() => {
      this.runOnce().catch((e: unknown) => this.logger.error(e instanceof Error ? e : String(e), undefined, 'ReminderService'));
    }, this.config.reminderIntervalSeconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async runOnce(now = new Date()): Promise<ReminderRun> {
    const ttl = Math.max(60, this.config.reminderIntervalSeconds) * 1000;
    if (!(await acquireLease(this.db, LEASE, this.instanceId, ttl, now))) return { ran: false, created: 0, emailed: 0 };
    const at = now.toISOString();
    const cases = await this.db
      .getRepository(CaseRecord)
      .createQueryBuilder('c')
      .select(['c.id', 'c.schoolId', 'c.openSteps'])
      .where('c.nextDueAt IS NOT NULL')
      .getMany();
    const staff = new Map<string, SessionUser[]>();
    const access = await loadCaseAccess(
      this.db.manager,
      cases.map((c) => c.id),
    );
    const before = await this.db.getRepository(Notification).count();
    for (const c of cases) {
      // a restricted case is announced only to those who may see it
      const subject = caseSubject(c, access.get(c.id) ?? { restricted: false, memberIds: [] });
      const mayRead = (p: SessionUser) => can(p, 'read', subject);
      for (const step of c.openSteps ?? []) {
        for (const notice of noticesFor(step, at)) {
          let people = staff.get(c.schoolId);
          if (!people) {
            people = await schoolStaff(this.db.manager, c.schoolId);
            staff.set(c.schoolId, people);
          }
          // one notice per person, even for someone holding two roles in the school
          const recipients = new Set(people.filter((p) => notice.roles.includes(p.role) && mayRead(p)).map((p) => p.id));
          for (const personId of recipients) {
            await this.db
              .createQueryBuilder()
              .insert()
              .into(Notification)
              .values({
                id: randomUUID(),
                userId: personId,
                caseId: c.id,
                stepId: step.stepId,
                kind: notice.kind,
                dueAt: step.dueAt ?? null,
                dedupeKey: `${c.id}:${step.stepId}:${step.dueAt ?? ''}:${notice.kind}:${personId}`,
                createdAt: at,
                readAt: null,
                emailedAt: null,
              })
              .orIgnore()
              .updateEntity(false)
              .execute();
          }
        }
      }
    }
    const created = (await this.db.getRepository(Notification).count()) - before;
    const emailed = this.mailer.enabled ? await this.sendDigests(at) : 0;
    this.logger.event('info', 'reminders.run', { created, emailed });
    return { ran: true, created, emailed };
  }

  /** One e-mail per person with the notices not yet e-mailed: case reference and step only, no pupil data. */
  private async sendDigests(at: string): Promise<number> {
    const pending = await this.db.getRepository(Notification).find({ where: { emailedAt: IsNull() }, order: { createdAt: 'ASC' } });
    const byUser = new Map<string, Notification[]>();
    for (const n of pending) byUser.set(n.userId, [...(byUser.get(n.userId) ?? []), n]);
    let sent = 0;
    for (const [userId, notices] of byUser) {
      const user = await this.db.getRepository(User).findOneBy({ id: userId });
      if (!user?.active) continue;
      const caseIds = notices.flatMap((n) => (n.caseId ? [n.caseId] : []));
      const cases = caseIds.length ? await this.db.getRepository(CaseRecord).findBy(caseIds.map((id) => ({ id }))) : [];
      const transmissionIds = notices.flatMap((n) => (n.transmissionId ? [n.transmissionId] : []));
      // a transmission's reference (school code and case reference or period): an officer sees no case
      const transmissions = transmissionIds.length
        ? await this.db.getRepository(Transmission).findBy(transmissionIds.map((id) => ({ id })))
        : [];
      const lines = notices.map((n) => {
        const c = cases.find((x) => x.id === n.caseId);
        const def = c ? this.catalogue.get(c.protocolId, c.protocolVersion)?.definition : undefined;
        const step = def && n.stepId ? findStep(def, n.stepId)?.title[user.locale] : n.stepId;
        // a report of the public channel: its kind only, nothing of its content
        if (n.intakeReportId) return `- ${DIGEST[user.locale][n.kind]}`;
        if (n.transmissionId) {
          return `- ${DIGEST[user.locale][n.kind]} — ${transmissions.find((t) => t.id === n.transmissionId)?.reference ?? ''}`;
        }
        return `- ${DIGEST[user.locale][n.kind]} — ${c?.reference ?? ''} — ${step ?? ''}${n.dueAt ? ` (${n.dueAt.slice(0, 10)})` : ''}`;
      });
      await this.mailer.send({
        to: user.email,
        subject: DIGEST[user.locale].subject,
        text: `${DIGEST[user.locale].intro}\n\n${lines.join('\n')}\n\n${this.config.publicUrl}\n`,
      });
      await this.db.getRepository(Notification).update(
        notices.map((n) => n.id),
        { emailedAt: at },
      );
      sent++;
    }
    return sent;
  }
}

const DIGEST: Record<'fr' | 'ar' | 'en', Record<NotificationKind | 'subject' | 'intro', string>> = {
  fr: {
    subject: 'Sanad : étapes à traiter',
    intro: 'Des étapes de dossiers de votre établissement demandent votre attention :',
    deadline_warning: 'Échéance proche',
    deadline_overdue: 'En retard',
    deadline_escalation: 'Retard signalé à la direction',
    step_returned: 'Étape renvoyée pour être refaite',
    case_assigned: 'Dossier qui vous est confié',
    danger_reported: 'Danger signalé à l’ouverture du dossier : vérifiez maintenant',
    transmission_submitted: 'Signalement transmis par un établissement',
    transmission_message: 'Nouveau message sur une transmission',
    intake_report: 'Nouveau signalement en ligne à examiner',
    intake_report_danger: 'Signalement en ligne : quelqu’un serait en danger maintenant',
  },
  ar: {
    subject: 'سند: خطوات تنتظر المعالجة',
    intro: 'خطوات في ملفات مؤسستكم تحتاج إلى اهتمامكم:',
    deadline_warning: 'أجل قريب',
    deadline_overdue: 'متأخرة',
    deadline_escalation: 'تأخير مُبلغ للإدارة',
    step_returned: 'خطوة أُرجعت لإعادة إنجازها',
    case_assigned: 'ملف أُسند إليك',
    danger_reported: 'خطر مُبلغ عنه عند فتح الملف: تحقق الآن',
    transmission_submitted: 'تبليغ مُرسل من مؤسسة تعليمية',
    transmission_message: 'رسالة جديدة بخصوص إرسال',
    intake_report: 'تبليغ جديد عبر الإنترنت للدراسة',
    intake_report_danger: 'تبليغ عبر الإنترنت: شخص قد يكون في خطر الآن',
  },
  en: {
    subject: 'Sanad: steps to handle',
    intro: 'Steps of cases in your school need your attention:',
    deadline_warning: 'Due soon',
    deadline_overdue: 'Overdue',
    deadline_escalation: 'Overdue, escalated',
    step_returned: 'Step sent back to be redone',
    case_assigned: 'Case assigned to you',
    danger_reported: 'Danger reported when the case was opened: check now',
    transmission_submitted: 'Report transmitted by a school',
    transmission_message: 'New message on a transmission',
    intake_report: 'New online report to review',
    intake_report_danger: 'Online report: someone may be in danger right now',
  },
};
