import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SCHOOL_STAFF_ROLES } from '../access';
import { Notification } from '../notifications/notification.entity';
import { schoolStaff } from '../users/school-staff';

/**
 * In-app notices of the intake queue: a new report reaches the school's coordinators and principal; one where
 * "someone is in danger right now" reaches the whole team (team members too), with its own kind so it stands out.
 * Written in the report's transaction.
 */
@Injectable()
export class IntakeNotices {
  async newReport(m: EntityManager, schoolId: string, reportId: string, dangerNow: boolean, at: string): Promise<void> {
    const roles = dangerNow ? SCHOOL_STAFF_ROLES : ['coordinator', 'principal'];
    const people = new Set((await schoolStaff(m, schoolId, { roles })).map((p) => p.id));
    if (!people.size) return;
    await m.getRepository(Notification).insert(
      [...people].map((userId) => ({
        id: randomUUID(),
        userId,
        caseId: null,
        transmissionId: null,
        intakeReportId: reportId,
        stepId: null,
        kind: dangerNow ? ('intake_report_danger' as const) : ('intake_report' as const),
        dueAt: null,
        dedupeKey: `intake:${reportId}:${userId}`,
        createdAt: at,
        readAt: null,
        emailedAt: null,
      })),
    );
  }
}
