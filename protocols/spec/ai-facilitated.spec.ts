/**
 * Reference protocol 1.1.0 (issue #13): AI-facilitated cyberviolence (deepfakes and "nudify" montages, manipulated
 * media, cloned voices, coordinated fake accounts) and gender-based cases. 1.0.0 stays published and unchanged.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { evidenceMode, findStep, LANGUAGES, stepResources, type Answers, type StepDef } from '../src';
import { loadDefinitions } from '../src/node';
import { CaseBuilder } from './support/case-builder';
import { loadReference, referenceFile } from './support/reference';

const AI_TYPES = ['AI_SEXUAL_IMAGE', 'MANIPULATED_MEDIA', 'VOICE_VIDEO_CLONE', 'INAUTHENTIC_ACCOUNTS'];
/** SHA-256 of 1.0.0 as published: a published version never changes (the backend refuses to start otherwise). */
const HASH_1_0_0 = '722098f4c849c997f3b53cd2fc73ce683ff2e89de4f7e8a580aaadc5f2c6f117';
/** SHA-256 of 1.1.0 as published on 2026-11-23: a wording fix is a new version (1.1.1), never an edit of this file. */
const HASH_1_1_0 = '5e109dfce6a933f669d5c717e0a69926dcc8a2eebf767be14ad851cf76379272';

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

const DEEPFAKE_INTAKE: Answers = {
  authorsKnown: false,
  types: ['AI_SEXUAL_IMAGE'],
  repeated: false,
  platforms: ['INSTAGRAM'],
};

/** A 1.1.0 case with its intake and danger check done (no danger sign ticked). */
function reported(intake: Answers, danger: Answers = { staffImplicated: false }): CaseBuilder {
  return new CaseBuilder(loadReference('1.1.0'))
    .create()
    .complete('intake', 'team_member', intake)
    .complete('danger_check', 'coordinator', danger);
}

function step(id: string): StepDef {
  const found = findStep(loadReference('1.1.0'), id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
}

describe('reference protocol 1.1.0: versions', () => {
  it('is published next to 1.0.0; both keep their bytes (SHA-256 pinned)', () => {
    const loaded = loadDefinitions().filter((l) => l.definition.id === 'ma-cyberharassment');
    expect(loaded.map((l) => [l.definition.version, l.definition.status])).toEqual([
      ['1.0.0', 'published'],
      ['1.1.0', 'published'],
    ]);
    expect(sha256(referenceFile('1.0.0'))).toBe(HASH_1_0_0);
    expect(loaded[0]?.contentHash).toBe(HASH_1_0_0);
    expect(sha256(referenceFile('1.1.0'))).toBe(HASH_1_1_0);
    expect(loaded[1]?.contentHash).toBe(HASH_1_1_0);
    expect(loaded[1]?.definition.metadata.date).toBe('2026-11-23');
  });

  it('keeps 1.0.0 without the new types or the genderBased question', () => {
    const old = loadReference('1.0.0');
    const types =
      findStep(old, 'intake')
        ?.form?.fields.find((f) => f.id === 'types')
        ?.options?.map((o) => o.value) ?? [];
    for (const t of AI_TYPES) expect(types).not.toContain(t);
    expect(findStep(old, 'triage')?.form?.fields.some((f) => f.id === 'genderBased')).toBeFalse();
    expect(findStep(old, 'fake_content_talk')).toBeUndefined();
    const c = new CaseBuilder(old).create();
    expect(() => c.complete('intake', 'team_member', DEEPFAKE_INTAKE)).toThrowError(/invalid_answers \[\["types","option"\]\]/);
  });

  it('cites the sources of the new texts: articles 447-1 to 447-3, Take It Down, StopNCII', () => {
    const keys = (loadReference('1.1.0').metadata.sources ?? []).map((s) => s.key);
    for (const key of ['R67', 'R68', 'R111', 'R118', 'R119']) expect(keys).withContext(key).toContain(key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('reference protocol 1.1.0: the new types (Recognise)', () => {
  const types = step('intake').form?.fields.find((f) => f.id === 'types');

  it('offers the four AI-facilitated types, each with a label and a definition in fr, ar and en', () => {
    for (const code of AI_TYPES) {
      const option = types?.options?.find((o) => o.value === code);
      expect(option).withContext(code).toBeDefined();
      for (const lang of LANGUAGES) {
        expect(option?.label[lang].trim()).withContext(`${code} label ${lang}`).toBeTruthy();
        expect(option?.help?.[lang].trim()).withContext(`${code} help ${lang}`).toBeTruthy();
      }
      expect(option?.help?.ar)
        .withContext(code)
        .toMatch(/[\u0621-\u064A]{3,}/u);
    }
    expect(types?.options?.at(-1)?.value).toBe('OTHER');
  });

  it('gives the legal hook (article 447-2) for montages, deepfakes and cloned voices', () => {
    for (const code of ['AI_SEXUAL_IMAGE', 'MANIPULATED_MEDIA', 'VOICE_VIDEO_CLONE']) {
      const help = types?.options?.find((o) => o.value === code)?.help;
      for (const lang of LANGUAGES) expect(help?.[lang]).withContext(`${code} ${lang}`).toContain('447-2');
    }
  });
});

describe('reference protocol 1.1.0: a deepfake of a minor (Guide)', () => {
  it('takes the emergency path as soon as the danger check is done, even with no danger sign ticked', () => {
    const c = reported(DEEPFAKE_INTAKE);
    expect(c.state().state).toBe('EMERGENCY_ESCALATED');
    for (const id of ['secure_child', 'authorities_alert', 'child_protection_referral', 'emergency_family_notice', 'image_removal'])
      expect(c.status(id)).withContext(id).toBe('available');
  });

  it('refuses the tiers T0, T1 and T2 at triage: only T3', () => {
    const c = reported(DEEPFAKE_INTAKE);
    for (const tier of ['T0', 'T1', 'T2'])
      expect(() => c.complete('triage', 'coordinator', { tier }))
        .withContext(tier)
        .toThrowError(/option_not_allowed/);
    c.complete('triage', 'coordinator', { tier: 'T3' }).sign('triage');
    expect(c.state().facts['tier']).toBe('T3');
    expect(c.status('track_decision')).toBe('skipped');
  });

  it('takes a written description only at the evidence step: no file, the description is required', () => {
    const c = reported(DEEPFAKE_INTAKE);
    const evidence = step('evidence_log');
    expect(evidenceMode(evidence, c.state().facts)).toBe('descriptionOnly');
    expect(() => c.complete('evidence_log', 'team_member', { sexualImagesOfMinor: false, contentDescription: '' })).toThrowError(
      /contentDescription/,
    );
    // a montage that is not sexual keeps uploads of non-sexual screenshots
    const montage = reported({ ...DEEPFAKE_INTAKE, types: ['MANIPULATED_MEDIA'] });
    expect(evidenceMode(evidence, montage.state().facts)).toBe('allowed');
  });

  it('lists the removal channels at the removal step: EMC/IWF, EMC-Helpline, its line for women, e-Blagh, Take It Down', () => {
    const c = reported(DEEPFAKE_INTAKE);
    const resources = stepResources(c.def, step('image_removal'), c.state().facts);
    expect(resources.directory).toEqual(['EMC_IWF_PORTAL', 'EMC_HELPLINE', 'EMC_HELPLINE_WOMEN', 'E_BLAGH']);
    expect(resources.guides).toEqual(['TAKE_IT_DOWN', 'INSTAGRAM']);
    const channels = step('image_removal')
      .form?.fields.find((f) => f.id === 'removalChannels')
      ?.options?.map((o) => o.value);
    expect(channels).toEqual(['EMC_IWF', 'TAKE_IT_DOWN', 'EMC_HELPLINE', 'EMC_HELPLINE_WOMEN']);
    expect(stepResources(c.def, step('platform_report'), c.state().facts)).toEqual({
      directory: ['EMC_HELPLINE', 'STOPNCII'],
      guides: ['TAKE_IT_DOWN', 'INSTAGRAM'],
    });
  });

  it('names the EMC Helpline for Women with the danger check, the protection plan and the family steps', () => {
    const def = loadReference('1.1.0');
    for (const id of ['danger_check', 'protection_plan', 'emergency_family_notice', 'family_legal_information', 'fake_content_talk'])
      expect(stepResources(def, step(id), {}).directory)
        .withContext(id)
        .toContain('EMC_HELPLINE_WOMEN');
  });

  it('asks the team to tell the pupil and family that a fake is neither harmless nor legal, and never to ask for the image', () => {
    const talk = step('fake_content_talk');
    expect(talk.guidance.fr).toContain("n'est ni anodine ni légale");
    expect(talk.guidance.fr).toContain("Ne demandez jamais l'image");
    expect(talk.guidance.en).toContain('neither harmless nor legal');
    expect(talk.guidance.ar).toContain('ليس بلا ضرر ولا هو مشروع');
    expect(talk.checklist?.items.filter((i) => i.required).map((i) => i.id)).toEqual([
      'fakeNotHarmless',
      'notTheirFault',
      'noImageRequested',
    ]);
    const c = reported(DEEPFAKE_INTAKE);
    expect(c.status('fake_content_talk')).toBe('available');
    expect(c.state().missingForClosure).toContain('fake_content_talk');
    expect(() => c.complete('fake_content_talk', 'team_member', {}, { pick: (items) => items[items.length - 1] })).not.toThrow();
  });

  it('can be carried through the emergency path to closure', () => {
    const c = reported(DEEPFAKE_INTAKE);
    c.complete('triage', 'coordinator', { tier: 'T3', genderBased: true }).sign('triage');
    c.complete('fake_content_talk', 'team_member', { talkedWith: ['PUPIL', 'FAMILY'] })
      .complete('target_interview', 'team_member')
      .complete('protection_plan', 'coordinator')
      .complete('family_information', 'principal', { informed: true, familyOpposes: false })
      .complete('evidence_log', 'team_member', { sexualImagesOfMinor: true })
      .complete('platform_report', 'team_member')
      .complete('takedown_check', 'team_member', { contentRemoved: true })
      .complete('secure_child', 'principal')
      .complete('authorities_alert', 'principal')
      .complete('child_protection_referral', 'principal')
      .complete('image_removal', 'team_member', { removalChannels: ['EMC_IWF', 'TAKE_IT_DOWN'] })
      .complete('emergency_family_notice', 'principal')
      .complete('emergency_handover', 'coordinator', { track: 'EMERGENCY' });
    expect(c.state().state).toBe('MONITORING');
    c.complete('principal_review', 'principal')
      .complete('followup_1', 'team_member', { situation: 'DECREASED' })
      .complete('followup_2', 'team_member', { situation: 'STOPPED' })
      .complete('checkpoint_4w', 'coordinator', { situation: 'STOPPED' })
      .complete('checkpoint_8w', 'coordinator', { situation: 'STOPPED' })
      .complete('closure_proposal', 'coordinator')
      .complete('closure_signoff', 'principal', { decision: 'APPROVE' });
    expect(c.state().state).toBe('CLOSED');
  });
});

describe('reference protocol 1.1.0: the other AI-facilitated types', () => {
  it('a humiliating montage, a cloned voice or fake accounts alone do not start the emergency path', () => {
    for (const type of ['MANIPULATED_MEDIA', 'VOICE_VIDEO_CLONE', 'INAUTHENTIC_ACCOUNTS']) {
      const c = reported({ ...DEEPFAKE_INTAKE, types: [type] });
      expect(c.state().state).withContext(type).toBe('REPORTED');
      c.complete('triage', 'coordinator', { tier: 'T2' }).sign('triage');
      expect(c.state().state).withContext(type).toBe('TRIAGED');
    }
  });

  it('asks for the talk about fakes for montages and cloned voices, not for fake accounts alone', () => {
    expect(reported({ ...DEEPFAKE_INTAKE, types: ['MANIPULATED_MEDIA'] }).status('fake_content_talk')).toBe('available');
    expect(reported({ ...DEEPFAKE_INTAKE, types: ['VOICE_VIDEO_CLONE'] }).status('fake_content_talk')).toBe('available');
    expect(reported({ ...DEEPFAKE_INTAKE, types: ['INAUTHENTIC_ACCOUNTS'] }).status('fake_content_talk')).toBe('skipped');
    expect(reported({ ...DEEPFAKE_INTAKE, types: ['INSULT'] }).status('fake_content_talk')).toBe('skipped');
  });

  it('a sexual deepfake reported with other types still starts the emergency path', () => {
    const c = reported({ ...DEEPFAKE_INTAKE, types: ['INAUTHENTIC_ACCOUNTS', 'AI_SEXUAL_IMAGE', 'MOBBING'] });
    expect(c.state().state).toBe('EMERGENCY_ESCALATED');
  });
});

describe('reference protocol 1.1.0: gender-based cases', () => {
  const field = step('triage').form?.fields.find((f) => f.id === 'genderBased');

  it('asks at triage, optionally, with guidance on how to judge it in fr, ar and en', () => {
    expect(field).toEqual(jasmine.objectContaining({ type: 'yesNo', required: false }));
    expect(step('triage').sets?.['genderBased']).toBe('genderBased');
    expect(field?.help?.fr).toContain('parce que fille ou garçon');
    expect(field?.help?.en).toContain('not from the pupil');
    expect(field?.help?.ar).toContain('لكونه فتاة أو فتى');
  });

  it('records the answer as the fact genderBased, yes or no, and leaves it unset when not answered', () => {
    const yes = reported({ ...DEEPFAKE_INTAKE, types: ['INSULT', 'HATE'] }).complete('triage', 'coordinator', {
      tier: 'T1',
      genderBased: true,
    });
    expect(yes.state().facts['genderBased']).toBeTrue();
    const no = reported({ ...DEEPFAKE_INTAKE, types: ['INSULT'] }).complete('triage', 'coordinator', { tier: 'T1', genderBased: false });
    expect(no.state().facts['genderBased']).toBeFalse();
    const unanswered = reported({ ...DEEPFAKE_INTAKE, types: ['INSULT'] }).complete('triage', 'coordinator', { tier: 'T1' });
    expect(unanswered.state().facts['genderBased']).toBeUndefined();
  });

  it('refuses an answer that is not yes or no', () => {
    const c = reported({ ...DEEPFAKE_INTAKE, types: ['INSULT'] });
    expect(() => c.complete('triage', 'coordinator', { tier: 'T1', genderBased: 'GIRL' })).toThrowError(/genderBased/);
  });
});
