import type { DataSource } from 'typeorm';
import { isSchoolStaff } from '../access';
import type { SessionUser } from '../common/request-context';
import { groupCode } from './codes';
import { IntakeReport } from './public-report.entities';

/** Of these reports, those of the user's school (intake-scope.ts), with their code as people read it. */
export async function visibleIntakeReports(db: DataSource, user: SessionUser, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length || !isSchoolStaff(user)) return new Map();
  const rows = await db
    .getRepository(IntakeReport)
    .createQueryBuilder('r')
    .select(['r.id', 'r.code'])
    .where('r.schoolId = :schoolId', { schoolId: user.schoolId })
    .andWhere('r.id IN (:...ids)', { ids: unique })
    .getMany();
  return new Map(rows.map((r) => [r.id, groupCode(r.code, 3)]));
}
