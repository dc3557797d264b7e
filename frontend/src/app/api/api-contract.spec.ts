import type { AdminSchool, AdminUser, PasswordLink, UnitTree } from '../admin/admin-api';
import type { AuditEntry, AuditPage } from '../audit/audit-api';
import type { CaseDocument } from '../cases/case-detail/documents-api';
import type { CustodyEvent, EvidenceItem, EvidenceList } from '../cases/case-detail/evidence/evidence-api';
import type { CaseSummary, Page } from '../cases/case.model';
import type { CaseDetail } from '../cases/workflow.model';
import type { User } from '../core/user';
import type { IntakeItem, IntakeReport, IntakeSummary } from '../intake/intake-api';
import type { Challenge, FollowUp, PublicSchool, ReportReceipt } from '../public-report/public-report.model';
import type { AppNotification } from '../my-work/my-work-api';
import type { StaffMember } from '../cases/case.model';
import type { Statistics } from '../statistics/statistics.model';
import type { PupilSearch, SubjectExport } from '../subject-access/subject-access-api';
import type {
  CaseTransmissions,
  SummarySnapshot,
  TransmissionDetail,
  TransmissionPage,
  TransmissionSummary,
} from '../transmissions/transmissions.model';
import type { components } from './schema';

type Schema = components['schemas'];
/** `true` when every value of the API's type is a value the app's type accepts. */
type Fits<Api, App> = [Api] extends [App] ? true : false;

/**
 * The drift check of the app side: the app's models must accept what the API sends, as described by the
 * OpenAPI document the types in ./schema.ts are generated from (`npm run api:types`; the backend spec
 * api-contract.api.spec.ts fails when that document is stale). A field removed or retyped in the API that the
 * app relies on turns one of these into `false`, and the app no longer compiles.
 */
const checks: Record<string, true> = {
  caseSummary: true satisfies Fits<Schema['CaseSummaryDto'], CaseSummary>,
  casePage: true satisfies Fits<Schema['CasePageDto'], Page<CaseSummary>>,
  caseDetail: true satisfies Fits<Schema['CaseDetailDto'], CaseDetail>,
  user: true satisfies Fits<Schema['UserDto'], User>,
  evidenceItem: true satisfies Fits<Schema['EvidenceItemDto'], EvidenceItem>,
  evidenceList: true satisfies Fits<Schema['EvidenceListDto'], EvidenceList>,
  custody: true satisfies Fits<Schema['CustodyEventDto'], CustodyEvent>,
  document: true satisfies Fits<Schema['CaseDocumentDto'], CaseDocument>,
  auditEntry: true satisfies Fits<Schema['AuditEntryDto'], AuditEntry>,
  auditPage: true satisfies Fits<Schema['AuditPageDto'], AuditPage>,
  adminUser: true satisfies Fits<Schema['AdminUserDto'], AdminUser>,
  adminSchool: true satisfies Fits<Schema['AdminSchoolDto'], AdminSchool>,
  passwordLink: true satisfies Fits<Schema['PasswordLinkDto'], PasswordLink>,
  units: true satisfies Fits<Schema['UnitsDto'], UnitTree>,
  notification: true satisfies Fits<Schema['NotificationDto'], AppNotification>,
  staff: true satisfies Fits<Schema['StaffMemberDto'], StaffMember>,
  statistics: true satisfies Fits<Schema['StatisticsDto'], Statistics>,
  transmissionSummary: true satisfies Fits<Schema['TransmissionSummaryDto'], TransmissionSummary>,
  transmissionPage: true satisfies Fits<Schema['TransmissionPageDto'], TransmissionPage>,
  transmissionDetail: true satisfies Fits<Schema['TransmissionDetailDto'], TransmissionDetail>,
  caseTransmissions: true satisfies Fits<Schema['CaseTransmissionsDto'], CaseTransmissions>,
  summarySnapshot: true satisfies Fits<Schema['SummarySnapshotDto'], SummarySnapshot>,
  pupilSearch: true satisfies Fits<Schema['PupilSearchDto'], PupilSearch>,
  subjectExport: true satisfies Fits<Schema['SubjectExportDto'], SubjectExport>,
  publicSchool: true satisfies Fits<Schema['PublicSchoolDto'], PublicSchool>,
  challenge: true satisfies Fits<Schema['ChallengeDto'], Challenge>,
  reportReceipt: true satisfies Fits<Schema['ReportReceiptDto'], ReportReceipt>,
  followUp: true satisfies Fits<Schema['FollowUpViewDto'], FollowUp>,
  intakeItem: true satisfies Fits<Schema['IntakeReportItemDto'], IntakeItem>,
  intakePage: true satisfies Fits<Schema['IntakeReportPageDto'], { items: IntakeItem[]; total: number }>,
  intakeReport: true satisfies Fits<Schema['IntakeReportDetailDto'], IntakeReport>,
  intakeSummary: true satisfies Fits<Schema['IntakeSummaryDto'], IntakeSummary>,
};

describe('API contract (app side)', () => {
  it('types the app’s models against the generated API schema', () => {
    expect(Object.keys(checks).length).toBe(32);
  });
});
