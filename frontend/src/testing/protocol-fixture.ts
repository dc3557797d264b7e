import type { Localized, ProtocolDefinition } from '@sanad/protocols';
import { CaseDetail, StepView, TimelineEvent } from '../app/cases/workflow.model';
import { Knowledge } from '../app/knowledge/knowledge.model';

const L = (fr: string, ar = `${fr} (ar)`, en = `${fr} (en)`): Localized => ({ fr, ar, en });

/** A small protocol with every field type, a `when` on a field and on an option, a checklist and a signature. */
export const FIXTURE_DEF: ProtocolDefinition = {
  id: 'test-protocol',
  version: '1.0.0',
  status: 'published',
  title: L('Protocole de test'),
  languages: ['fr', 'ar', 'en'],
  metadata: { source: 'spec', date: '2025-01-01', approvedBy: 'spec' },
  roles: [
    { id: 'team_member', label: L('Membre de l’équipe', 'عضو الفريق', 'Team member') },
    { id: 'coordinator', label: L('Coordinateur', 'المنسق', 'Coordinator') },
    { id: 'principal', label: L('Directeur', 'المدير', 'Principal') },
  ],
  states: [
    { id: 'REPORTED', initial: true, label: L('Signalé') },
    { id: 'TRIAGED', label: L('Évalué') },
    { id: 'CLOSED', closed: true, label: L('Clôturé') },
  ],
  closure: { signOffRoles: ['principal'] },
  reopen: { roles: ['principal'], to: 'REPORTED' },
  phases: [
    {
      id: 'intake',
      title: L('Signalement', 'التبليغ', 'Report'),
      steps: [
        {
          id: 'intake',
          title: L('Recevoir le signalement', 'استقبال التبليغ', 'Receive the report'),
          guidance: L(
            'Notez qui signale et prévenez le directeur.',
            'سجّل المبلغ وأخبر المدير.',
            'Record who reports and tell the principal.',
          ),
          roles: ['team_member', 'coordinator'],
          availableIn: ['REPORTED'],
          form: {
            fields: [
              {
                id: 'channel',
                type: 'choice',
                required: true,
                label: L('Source du signalement', 'مصدر التبليغ', 'Reported by'),
                options: [
                  { value: 'TARGET', label: L('Élève cible') },
                  { value: 'WITNESS', label: L('Témoin') },
                  { value: 'HELPLINE', label: L('Ligne d’écoute'), when: { fact: 'tier', equals: 'T3' } },
                ],
              },
              { id: 'targetRef', type: 'personRef', required: true, label: L('Élève cible') },
              { id: 'authorsKnown', type: 'yesNo', required: true, label: L('Auteurs présumés identifiés ?') },
              {
                id: 'authorsArePupils',
                type: 'yesNo',
                required: true,
                when: { fact: 'authorsKnown', equals: true },
                label: L('Sont-ils tous élèves de l’établissement ?'),
              },
              {
                id: 'types',
                type: 'multiChoice',
                required: true,
                min: 1,
                label: L('Types de cyberviolence'),
                options: [
                  { value: 'INSULT', label: L('Insultes') },
                  { value: 'THREATS', label: L('Menaces') },
                ],
              },
              { id: 'platforms', type: 'platform', multiple: true, required: false, label: L('Plateformes concernées') },
              {
                id: 'description',
                type: 'longText',
                required: true,
                maxLength: 40,
                label: L('Description des faits'),
                help: L('Décrivez avec des mots.'),
              },
              { id: 'reportedOn', type: 'date', required: false, label: L('Date du signalement') },
              { id: 'reportedAt', type: 'datetime', required: false, label: L('Heure du signalement') },
              { id: 'pupils', type: 'number', required: false, min: 1, max: 30, label: L('Nombre d’élèves') },
              { id: 'place', type: 'text', required: false, minLength: 3, label: L('Lieu') },
            ],
          },
          checklist: {
            items: [
              { id: 'noReply', required: true, label: L('Ne pas répondre') },
              { id: 'screenshots', required: false, label: L('Captures faites') },
            ],
          },
          sets: { authorsKnown: 'authorsKnown' },
        },
        {
          id: 'danger_check',
          title: L('Vérifier le danger immédiat', 'التحقق من الخطر الفوري', 'Check for immediate danger'),
          guidance: L('Vérifiez les signes de danger.'),
          roles: ['coordinator'],
          availableIn: ['REPORTED'],
          after: ['intake'],
          form: { fields: [{ id: 'staffImplicated', type: 'yesNo', required: true, label: L('Personnel mis en cause ?') }] },
        },
      ],
    },
    {
      id: 'triage',
      title: L('Évaluation et orientation', 'التقييم والتوجيه', 'Triage'),
      steps: [
        {
          id: 'triage',
          title: L('Qualifier la situation', 'تكييف الوضعية', 'Assess the situation'),
          guidance: L('Choisissez le niveau.'),
          roles: ['coordinator'],
          availableIn: ['REPORTED'],
          secondSignature: { role: 'principal' },
          form: {
            fields: [
              {
                id: 'tier',
                type: 'choice',
                required: true,
                label: L('Niveau de gravité', 'مستوى الخطورة', 'Severity tier'),
                options: [
                  { value: 'T0', label: L('T0 – Conflit') },
                  { value: 'T1', label: L('T1 – Modéré') },
                  { value: 'T2', label: L('T2 – Grave') },
                ],
              },
            ],
          },
          sets: { tier: 'tier' },
        },
        {
          id: 'protection_plan',
          title: L('Plan de protection', 'خطة الحماية', 'Protection plan'),
          guidance: L('Décidez les mesures.'),
          roles: ['coordinator'],
          availableIn: ['TRIAGED'],
          when: { fact: 'tier', in: ['T1', 'T2'] },
        },
        {
          id: 'follow_up',
          title: L('Suivi', 'التتبع', 'Follow-up'),
          guidance: L('Revoyez l’élève.'),
          roles: ['team_member'],
          availableIn: ['TRIAGED'],
          after: ['triage'],
        },
        {
          id: 'family',
          title: L('Informer la famille', 'إخبار الأسرة', 'Inform the family'),
          guidance: L('Informez la famille.'),
          roles: ['team_member', 'coordinator'],
          availableIn: ['REPORTED'],
        },
      ],
    },
  ],
};

export function view(stepId: string, phaseId: string, status: StepView['status'], extra: Partial<StepView> = {}): StepView {
  return {
    stepId,
    phaseId,
    status,
    actionable: status === 'available' || status === 'overdue',
    occurrences: status === 'done' ? 1 : 0,
    ...extra,
  };
}

/** A case in which each step has a different status. */
export function fixtureDetail(overrides: Partial<CaseDetail> = {}): CaseDetail {
  return {
    case: {
      id: 'c1',
      reference: 'SAN-2025-0001',
      title: 'Messages sur un groupe de classe',
      occurredOn: '2025-03-10',
      state: 'REPORTED',
      createdAt: '2025-03-11T09:00:00.000Z',
      createdBy: { id: 'u1', displayName: 'Amina Benali' },
    },
    protocol: { id: 'test-protocol', version: '1.0.0', contentHash: 'abc' },
    lastEventSeq: 4,
    state: 'REPORTED',
    closed: false,
    facts: { tier: 'T0' },
    steps: [
      view('intake', 'intake', 'done', { completedAt: '2025-03-11T10:00:00.000Z' }),
      view('danger_check', 'intake', 'overdue', { dueAt: '2025-03-11T11:00:00.000Z' }),
      view('triage', 'triage', 'awaiting_signature', { signatureRole: 'principal' }),
      view('protection_plan', 'triage', 'skipped', { reason: 'not_applicable' }),
      view('follow_up', 'triage', 'locked', { reason: 'waiting_for:triage' }),
      view('family', 'triage', 'available', { dueAt: '2099-03-12T22:59:59.000Z' }),
    ],
    actions: [
      { kind: 'complete_step', stepId: 'danger_check', roles: ['coordinator'] },
      { kind: 'complete_step', stepId: 'family', roles: ['team_member', 'coordinator'] },
    ],
    overdue: ['danger_check'],
    canClose: false,
    missingForClosure: [],
    ...overrides,
  };
}

export const FIXTURE_TIMELINE: TimelineEvent[] = [
  {
    seq: 1,
    type: 'case_created',
    at: '2025-03-11T09:00:00.000Z',
    actor: { id: 'u1', displayName: 'Amina Benali', role: 'team_member' },
    payload: {},
  },
  {
    seq: 2,
    type: 'step_completed',
    at: '2025-03-11T10:00:00.000Z',
    actor: { id: 'u1', displayName: 'Amina Benali', role: 'team_member' },
    payload: { stepId: 'intake', answers: { channel: 'WITNESS', authorsKnown: false }, checklist: ['noReply'] },
  },
  {
    seq: 3,
    type: 'correction',
    at: '2025-03-11T11:00:00.000Z',
    actor: { id: 'u2', displayName: 'Karim Alaoui', role: 'coordinator' },
    payload: { refSeq: 2, answers: { channel: 'TARGET' }, reason: 'Erreur de saisie' },
  },
  {
    seq: 4,
    type: 'note_added',
    at: '2025-03-11T12:00:00.000Z',
    actor: { id: 'u1', displayName: 'Amina Benali', role: 'team_member' },
    payload: { text: 'Parents appelés.' },
  },
];

/**
 * FIXTURE_DEF with the knowledge base wired in: the intake records the platforms (a fact), steps with contacts and
 * guides (`resources`), a step taking a description only when sexual images of a minor are involved (`evidence`),
 * a closure condition (`closure.requires`) and the protocol's notice and sources.
 */
export const RESOURCES_DEF: ProtocolDefinition = {
  ...FIXTURE_DEF,
  metadata: {
    ...FIXTURE_DEF.metadata,
    notice: L(
      'Reconstitution de référence : ce n’est pas le texte officiel.',
      'صيغة مرجعية: ليست النص الرسمي.',
      'Reference reconstruction: not the official text.',
    ),
    sources: [
      { key: 'R1', title: 'Campagne nationale', url: 'https://example.org/campagne' },
      { key: 'R2', title: 'Source sans lien' },
    ],
  },
  closure: {
    signOffRoles: ['principal'],
    requires: {
      when: { fact: 'lastSituation', in: ['STOPPED', 'DECREASED'] },
      explanation: L(
        'Enregistrez d’abord un suivi où le harcèlement a cessé ou diminué.',
        'سجّل أولًا تتبعًا إيجابيًا.',
        'First record a follow-up where the harassment stopped or decreased.',
      ),
    },
  },
  phases: [
    ...FIXTURE_DEF.phases.map((phase) => ({
      ...phase,
      steps: phase.steps.map((step) =>
        step.id === 'intake' ? { ...step, sets: { ...step.sets, platforms: 'platforms', types: 'types' } } : step,
      ),
    })),
    {
      id: 'respond',
      title: L('Réponse', 'الاستجابة', 'Response'),
      steps: [
        {
          id: 'platform_report',
          title: L('Signaler aux plateformes', 'التبليغ للمنصات', 'Report to the platforms'),
          guidance: L('Signalez les contenus sur chaque plateforme.'),
          roles: ['team_member', 'coordinator'],
          availableIn: ['REPORTED'],
          resources: { platforms: true, directory: ['EMC_HELPLINE'] },
        },
        {
          id: 'evidence',
          title: L('Consigner les preuves', 'تسجيل الأدلة', 'Log the evidence'),
          guidance: L('Consignez les preuves sans rien supprimer.'),
          roles: ['team_member', 'coordinator'],
          availableIn: ['REPORTED'],
          form: {
            fields: [
              { id: 'sexualImagesOfMinor', type: 'yesNo', required: true, label: L('Images sexuelles d’un mineur en cause ?') },
              {
                id: 'contentDescription',
                type: 'longText',
                required: true,
                when: {
                  any: [
                    { fact: 'sexualImagesOfMinor', equals: true },
                    { fact: 'types', intersects: ['THREATS'] },
                  ],
                },
                label: L('Description écrite du contenu'),
              },
            ],
          },
          sets: { sexualImagesOfMinor: 'sexualImagesOfMinor' },
          evidence: {
            uploads: 'allowed',
            descriptionOnlyWhen: {
              any: [
                { fact: 'sexualImagesOfMinor', equals: true },
                { fact: 'types', intersects: ['THREATS'] },
              ],
            },
            descriptionField: 'contentDescription',
          },
        },
        {
          id: 'emergency_report',
          title: L('Alerter les autorités', 'إخطار السلطات', 'Alert the authorities'),
          guidance: L('Appelez la police.'),
          roles: ['team_member', 'coordinator'],
          availableIn: ['REPORTED'],
          resources: { directory: ['POLICE_19', 'RSK_REFERENT'], guides: ['TAKE_IT_DOWN'] },
          evidence: { uploads: 'descriptionOnly' },
        },
        {
          id: 'closure',
          title: L('Clôturer le dossier', 'إغلاق الملف', 'Close the case'),
          guidance: L('Proposez la clôture.'),
          roles: ['coordinator'],
          availableIn: ['REPORTED'],
          transitions: [{ to: 'CLOSED' }],
        },
      ],
    },
  ],
};

/** A small knowledge base (GET /api/knowledge) for the academy RSK. */
export const FIXTURE_KNOWLEDGE: Knowledge = {
  region: 'RSK',
  taxonomy: { ministryCategories: [], types: [], severityCriteria: [], tiers: [] },
  platforms: {
    captureAlways: [
      L('La date et l’heure où le contenu a été vu.', 'تاريخ ووقت مشاهدة المحتوى.', 'The date and time the content was seen.'),
    ],
    guides: [
      {
        code: 'INSTAGRAM',
        name: L('Instagram', 'إنستغرام', 'Instagram'),
        researched: true,
        capture: [L('Le lien du profil.'), L('Le nom d’utilisateur.')],
        howToReport: [L('« … » > Signaler.'), L('Bloquer ensuite le compte.'), L('Prévenir la police si menace.')],
        referenceToKeep: L('La date du signalement.'),
        url: 'https://help.instagram.com/616583228400289',
        lastVerified: null,
      },
      {
        code: 'TELEGRAM',
        name: L('Telegram', 'تيليغرام', 'Telegram'),
        researched: false,
        capture: [L('Le lien du canal.')],
        howToReport: [L('Appui long > Signaler.')],
        referenceToKeep: L('La date du signalement.'),
        url: null,
        lastVerified: null,
      },
      {
        code: 'TAKE_IT_DOWN',
        name: L('Take It Down', 'Take It Down', 'Take It Down'),
        researched: true,
        capture: [],
        howToReport: [L('Créer une empreinte sur takeitdown.ncmec.org.')],
        referenceToKeep: L('Le numéro de dossier.'),
        notes: L('L’image ne quitte jamais l’appareil.'),
        url: 'https://takeitdown.ncmec.org/',
        lastVerified: '2025-09-01',
      },
    ],
  },
  directory: [
    {
      id: 'EMC_HELPLINE',
      name: L('EMC-Helpline', 'خط المساعدة EMC', 'EMC-Helpline'),
      purpose: L('Aide gratuite et confidentielle.'),
      howToReach: L('Formulaire anonyme ou WhatsApp.'),
      contacts: [
        { kind: 'url', value: 'https://cyberconfiance.ma/helpline' },
        { kind: 'whatsapp', value: '+212624405889' },
      ],
      hours: L('Du lundi au vendredi, 10 h – 16 h.'),
      lastVerified: null,
    },
    {
      id: 'POLICE_19',
      name: L('Police – 19', 'الشرطة – 19', 'Police – 19'),
      purpose: L('Urgence en ville.'),
      howToReach: L('Appeler le 19.'),
      contacts: [{ kind: 'phone', value: '19' }],
      hours: L('24 h/24.'),
      lastVerified: '2025-09-01',
    },
    {
      id: 'RSK_REFERENT',
      region: 'RSK',
      name: L('Référent de la direction provinciale'),
      purpose: L('À prévenir pour un cas grave.'),
      howToReach: L('Par e-mail.'),
      contacts: [{ kind: 'email', value: 'referent@dp.example.ma' }],
      hours: L('Jours ouvrables.'),
      lastVerified: null,
    },
  ],
  levels: [],
};
