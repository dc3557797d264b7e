import { CaseSnapshot, SchoolRef, SummarySnapshot, TransmissionDetail, TransmissionSummary } from './transmissions.model';

const L = (fr: string, ar: string, en: string) => ({ fr, ar, en });

export const SCHOOL: SchoolRef = {
  id: 's1',
  code: 'RSK-RAB-0001',
  name: { fr: 'Collège Ibn Khaldoun', ar: 'إعدادية ابن خلدون' },
  province: { id: 'p1', name: L('Rabat', 'الرباط', 'Rabat') },
  academy: { id: 'r1', name: L('AREF Rabat-Salé-Kénitra', 'أكاديمية الرباط سلا القنيطرة', 'AREF Rabat-Salé-Kénitra') },
  level: { code: 'college', label: L('Collège', 'إعدادي', 'Middle school') },
};

export function summaryItem(overrides: Partial<TransmissionSummary> = {}): TransmissionSummary {
  return {
    id: 't1',
    kind: 'triage_report',
    kindLabel: L('Rapport de triage', 'تقرير التقييم', 'Triage report'),
    reference: 'RSK-RAB-0001-2026-0007',
    period: null,
    status: 'submitted',
    school: SCHOOL,
    sentAt: '2026-11-20T09:00:00.000Z',
    acknowledgedAt: null,
    handledAt: null,
    updatedAt: '2026-11-20T09:00:00.000Z',
    messageCount: 0,
    ...overrides,
  };
}

export const CASE_SNAPSHOT: CaseSnapshot = {
  type: 'case_report',
  kind: 'triage_report',
  kindLabel: L('Rapport de triage', 'تقرير التقييم', 'Triage report'),
  caseCode: 'RSK-RAB-0001-2026-0007',
  school: SCHOOL,
  occurredOn: '2026-11-10',
  openedAt: '2026-11-12T08:00:00.000Z',
  closedAt: null,
  tier: 'T2',
  track: 'MPP',
  state: { id: 'TRIAGED', label: L('Évalué', 'مُقيَّم', 'Triaged') },
  closed: false,
  types: [{ code: 'INSULT', label: L('Insultes', 'سب', 'Insults') }],
  platforms: [{ code: 'WHATSAPP', label: L('WhatsApp', 'واتساب', 'WhatsApp') }],
  keyDates: [
    {
      stepId: 'triage',
      title: L('Évaluer la gravité', 'تقييم الخطورة', 'Triage'),
      at: '2026-11-13T10:00:00.000Z',
      signedAt: '2026-11-14T10:00:00.000Z',
    },
  ],
  followUpOutcome: null,
  escalations: [],
  people: [
    { code: 'E1', role: 'target' },
    { code: 'A1', role: 'author' },
  ],
};

export const SUMMARY_SNAPSHOT: SummarySnapshot = {
  type: 'school_summary',
  period: { id: '2026-11', kind: 'month', from: '2026-11-01', to: '2026-12-01', label: L('novembre 2026', 'نونبر 2026', 'November 2026') },
  school: SCHOOL,
  reported: 7,
  byTier: [
    { tier: 'T1', count: 4 },
    { tier: 'none', count: 3 },
  ],
  byType: [{ code: 'INSULT', label: L('Insultes', 'سب', 'Insults'), count: 5 }],
  byPlatform: [],
  closed: 2,
  openAtEnd: 9,
  caseReportsSent: 1,
};

export function detail(overrides: Partial<TransmissionDetail> = {}): TransmissionDetail {
  return {
    ...summaryItem(),
    caseReport: CASE_SNAPSHOT,
    summary: null,
    hasReport: true,
    events: [
      {
        seq: 1,
        type: 'submitted',
        side: 'school',
        actorRole: 'principal',
        text: 'Situation suivie de près.',
        status: 'submitted',
        at: '2026-11-20T09:00:00.000Z',
      },
    ],
    actions: ['acknowledge', 'message', 'handle'],
    ...overrides,
  };
}
