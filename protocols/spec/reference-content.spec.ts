import {
  allSteps,
  applySets,
  holds,
  evidenceMode,
  findStep,
  LANGUAGES,
  PLATFORM_GUIDES,
  retentionUntil,
  stepResources,
  validateSubmission,
  type FieldType,
  type StepDef,
} from '../src';
import { localizedTexts } from '../src/validation/walk';
import { cloneDefinition, loadReference, REFERENCE_VERSIONS } from './support/reference';
import { PUPIL_AUTHORS, reportedCase } from './support/scenarios';

/** Escalation directory entries defined in the seeds (the backend checks them against the seeded directory at start). */
const DIRECTORY = [
  'EMC_HELPLINE',
  'EMC_IWF_PORTAL',
  'E_BLAGH',
  'POLICE_19',
  'GENDARMERIE_177',
  'PMP_COMPLAINTS',
  'ONDE_2511',
  'COURT_CELL',
  'HOSPITAL_UNIT',
];
/** Field types that carry no file: a description-only step may only use these. */
const NON_FILE_TYPES: FieldType[] = [
  'text',
  'longText',
  'date',
  'datetime',
  'choice',
  'multiChoice',
  'yesNo',
  'personRef',
  'platform',
  'number',
];
const ARABIC_WORD = /[\u0621-\u064A]{2,}/u;

function letters(text: string): { arabic: number; all: number } {
  const all = [...text].filter((ch) => /\p{L}/u.test(ch));
  return { arabic: all.filter((ch) => /[\u0600-\u06FF]/u.test(ch)).length, all: all.length };
}

for (const version of REFERENCE_VERSIONS)
  describe(`reference protocol texts (${version})`, () => {
    const def = loadReference(version);
    const texts = localizedTexts(def, '');

    it('has many texts to check (titles, guidance, labels, options, notice)', () => {
      expect(texts.length).toBeGreaterThan(300);
    });

    it('gives every label and guidance a non-empty text in fr, ar and en', () => {
      const empty = texts.flatMap(({ value, path }) =>
        LANGUAGES.filter((lang) => typeof value[lang] !== 'string' || value[lang].trim() === '').map((lang) => `${path}/${lang}`),
      );
      expect(empty).toEqual([]);
    });

    it('writes every Arabic text in Arabic script, never a copy of the French or English', () => {
      const wrong = texts
        .filter(({ value }) => !ARABIC_WORD.test(String(value['ar'])) || value['ar'] === value['fr'] || value['ar'] === value['en'])
        .map(({ path, value }) => `${path}: ${String(value['ar'])}`);
      expect(wrong).toEqual([]);
    });

    it('writes step titles and guidance mostly in Arabic letters (names like e-Blagh or EMC stay in Latin)', () => {
      const mostlyLatin = allSteps(def)
        .flatMap((s) => [
          [`${s.id}.title`, s.title.ar],
          [`${s.id}.guidance`, s.guidance.ar],
        ])
        .filter(([, text]) => {
          const count = letters(text ?? '');
          return count.arabic < 0.6 * count.all;
        });
      expect(mostlyLatin).toEqual([]);
    });

    it('keeps every guidance short enough for a phone screen', () => {
      const long = allSteps(def).flatMap((s) => LANGUAGES.filter((l) => s.guidance[l].length > 260).map((l) => `${s.id}/${l}`));
      expect(long).toEqual([]);
    });

    it('gives the safety advice where it belongs', () => {
      const guidance = (id: string): string => findStep(def, id)?.guidance.fr ?? '';
      expect(guidance('target_interview')).toContain('ne pas répondre');
      expect(guidance('target_interview')).toContain('ne rien supprimer');
      expect(guidance('target_interview')).toContain('bloquer et signaler');
      expect(guidance('target_interview')).toContain('confidentialité');
      expect(guidance('intake')).toContain('directeur le jour même');
      expect(guidance('evidence_log')).toMatch(/ne la copiez, transférez, stockez ni demandez jamais/);
      expect(guidance('emergency_handover')).toContain("N'interrogez pas les suspects");
      expect(guidance('authorities_alert')).toContain("L'opposition de la famille n'empêche pas");
      const checklist = findStep(def, 'target_interview')?.checklist?.items.map((i) => [i.id, i.required]);
      expect(checklist).toEqual([
        ['noReply', true],
        ['keepEvidence', true],
        ['blockReport', true],
        ['privacySettings', true],
      ]);
    });
  });

describe('reference protocol metadata', () => {
  const def = loadReference();

  it('states in fr, ar and en that it is a reference reconstruction that the official text can replace', () => {
    const notice = def.metadata.notice;
    expect(notice).toBeDefined();
    expect(notice?.fr).toContain('Reconstitution de référence');
    expect(notice?.fr).toContain('sans changer le programme');
    expect(notice?.en).toContain('without code changes');
    expect(notice?.ar).toContain('دون أي تغيير في البرنامج');
  });

  it('lists the brief sources the steps rely on, with their addresses', () => {
    const keys = (def.metadata.sources ?? []).map((s) => s.key);
    for (const key of ['R22', 'R28', 'R39', 'R41', 'R44', 'R51', 'R52', 'R54', 'R57', 'R62', 'R77', 'R118']) {
      expect(keys).withContext(key).toContain(key);
    }
    expect(new Set(keys).size).toBe(keys.length);
    expect((def.metadata.sources ?? []).every((s) => s.url?.startsWith('http'))).toBeTrue();
  });

  it('keeps closed files read-only for the retention period (phase 8, as metadata)', () => {
    expect(def.metadata.retention).toEqual(jasmine.objectContaining({ years: 6, from: 'case_closed' }));
    expect(retentionUntil(def, '2027-02-10T14:00:00Z')).toBe('2033-02-10');
    const without = cloneDefinition(def);
    delete without.metadata.retention;
    expect(retentionUntil(without, '2027-02-10T14:00:00Z')).toBeUndefined();
  });
});

describe('resources shown with the steps', () => {
  const def = loadReference();
  const withResources: Record<string, string[]> = {
    danger_check: ['POLICE_19', 'ONDE_2511'],
    platform_report: ['EMC_HELPLINE'],
    takedown_check: ['EMC_HELPLINE'],
    emc_escalation: ['EMC_HELPLINE'],
    secure_child: ['POLICE_19', 'GENDARMERIE_177', 'HOSPITAL_UNIT'],
    authorities_alert: ['POLICE_19', 'GENDARMERIE_177', 'E_BLAGH', 'PMP_COMPLAINTS'],
    child_protection_referral: ['ONDE_2511'],
    image_removal: ['EMC_IWF_PORTAL', 'EMC_HELPLINE'],
    family_legal_information: ['PMP_COMPLAINTS', 'E_BLAGH', 'EMC_HELPLINE', 'ONDE_2511'],
    authority_referral: ['POLICE_19', 'PMP_COMPLAINTS'],
    protection_plan: ['EMC_HELPLINE', 'ONDE_2511'],
  };

  for (const [stepId, expected] of Object.entries(withResources)) {
    it(`${stepId} shows the contacts a teacher needs there`, () => {
      const step = findStep(def, stepId) as StepDef;
      expect(step.resources?.directory ?? []).toEqual(jasmine.arrayContaining(expected));
    });
  }

  it('uses only directory entries of the seeded directory and known platform guides', () => {
    for (const step of allSteps(def)) {
      for (const id of step.resources?.directory ?? []) expect(DIRECTORY).withContext(step.id).toContain(id);
      for (const id of step.resources?.guides ?? [])
        expect(PLATFORM_GUIDES as readonly string[])
          .withContext(step.id)
          .toContain(id);
    }
  });

  it('shows the guides of the platforms recorded in the case, and Take It Down for image removal', () => {
    const facts = { platforms: ['INSTAGRAM', 'WHATSAPP'] };
    expect(stepResources(def, findStep(def, 'platform_report') as StepDef, facts)).toEqual({
      directory: ['EMC_HELPLINE'],
      guides: ['INSTAGRAM', 'WHATSAPP'],
    });
    expect(stepResources(def, findStep(def, 'image_removal') as StepDef, facts).guides).toEqual(['TAKE_IT_DOWN', 'INSTAGRAM', 'WHATSAPP']);
    expect(stepResources(def, findStep(def, 'intake') as StepDef, facts)).toEqual({ directory: [], guides: [] });
  });
});

describe('hard rule: sexual content involving a minor is described, never uploaded (B4, 3.6)', () => {
  const def = loadReference();
  const evidence = findStep(def, 'evidence_log') as StepDef;

  it('declares a machine-readable evidence policy on the evidence step', () => {
    expect(evidence.evidence).toEqual(jasmine.objectContaining({ uploads: 'allowed', descriptionField: 'contentDescription' }));
    expect(evidence.evidence?.descriptionOnlyWhen).toBeDefined();
  });

  const sexualCases: [string, Record<string, unknown>][] = [
    ['type CSAM', { types: ['CSAM'] }],
    ['type NCII', { types: ['NCII'] }],
    ['type SEXTORTION', { types: ['SEXTORTION'] }],
    ['the sexualImagesOfMinor answer', { types: ['INSULT'], sexualImagesOfMinor: true }],
    ['the MINOR_SEXUAL_IMAGES danger sign', { types: ['INSULT'], dangerFlags: ['MINOR_SEXUAL_IMAGES'] }],
  ];
  for (const [name, facts] of sexualCases) {
    it(`with ${name}: description only, no file field, a required written description`, () => {
      const f = facts as Parameters<typeof evidenceMode>[1];
      expect(evidenceMode(evidence, f)).toBe('descriptionOnly');
      const answers = { sexualImagesOfMinor: f['sexualImagesOfMinor'] === true, itemsLogged: 2 };
      const asked = (evidence.form?.fields ?? []).filter((field) => holds(field.when, applySets(f, evidence, answers)));
      expect(asked.map((field) => field.id)).toContain('contentDescription');
      expect(asked.every((field) => NON_FILE_TYPES.includes(field.type))).toBeTrue();
      const without = validateSubmission(def, 'evidence_log', answers, 'team_member', { facts: f }, [
        'noSexualImageCopied',
        'originalsKept',
      ]);
      expect(without.errors.map((e) => [e.field, e.code])).toEqual([['contentDescription', 'required']]);
      const short = validateSubmission(def, 'evidence_log', { ...answers, contentDescription: 'une photo' }, 'team_member', { facts: f }, [
        'noSexualImageCopied',
        'originalsKept',
      ]);
      expect(short.errors.map((e) => [e.field, e.code])).toEqual([['contentDescription', 'minLength']]);
      const described = validateSubmission(
        def,
        'evidence_log',
        { ...answers, contentDescription: "Vidéo intime de l'élève publiée sur un compte Instagram depuis lundi." },
        'team_member',
        { facts: f },
        ['noSexualImageCopied', 'originalsKept'],
      );
      expect(described.errors).toEqual([]);
    });
  }

  it('allows files (non-sexual screenshots) otherwise, without asking for the description', () => {
    const facts = { types: ['INSULT', 'MOBBING'] };
    expect(evidenceMode(evidence, facts)).toBe('allowed');
    const result = validateSubmission(def, 'evidence_log', { sexualImagesOfMinor: false, itemsLogged: 3 }, 'team_member', { facts }, [
      'noSexualImageCopied',
      'originalsKept',
    ]);
    expect(result.errors).toEqual([]);
    expect(evidenceMode(findStep(def, 'intake') as StepDef, facts)).toBe('none');
  });

  it('explains why in the guidance and points to the emergency path, in every language', () => {
    expect(evidence.guidance.fr).toMatch(/seule la police la recueille.*Décrivez-la avec des mots : l'urgence démarre/);
    expect(evidence.guidance.ar).toContain('صِفها بالكلمات، وسينطلق مسار الاستعجال');
    expect(evidence.guidance.en).toContain('Describe it in words: the emergency path starts');
  });

  it('the "yes" answer escalates the case at once, with the no-copy checklist required', () => {
    const c = reportedCase()
      .complete('triage', 'coordinator', { tier: 'T1' })
      .complete('track_decision', 'coordinator', { track: 'MPP' })
      .complete('evidence_log', 'team_member', {
        sexualImagesOfMinor: true,
        contentDescription: 'Photo dénudée de la cible partagée dans un groupe WhatsApp de la classe.',
      });
    expect(c.state().state).toBe('EMERGENCY_ESCALATED');
    expect(c.status('image_removal')).toBe('available');
    expect(findStep(def, 'image_removal')?.checklist?.items).toContain(jasmine.objectContaining({ id: 'noCopy', required: true }));
  });

  it('a report typed CSAM escalates at the danger check even with no sign ticked (B1)', () => {
    const c = reportedCase({ ...PUPIL_AUTHORS, types: ['CSAM'] });
    expect(c.state().state).toBe('EMERGENCY_ESCALATED');
    expect(evidenceMode(evidence, c.state().facts)).toBe('descriptionOnly');
  });
});
