import { findStep, stepResources, type ProtocolDefinition } from '@sanad/protocols';
import type { App } from 'supertest/types';
import { jpeg } from '../src/evidence/evidence-fixtures';
import { CaseDriver, XHR, type CaseDetail } from './support/case-driver';
import { startTestApp, type TestApp } from './support/test-app';

interface DirectoryEntry {
  id: string;
  name: Record<string, string>;
  contacts: { kind: string; value: string }[];
}

/**
 * Issue #13 on a real database: the intake of a sexual deepfake ("nudify" montage) of a 15-year-old girl follows the
 * emergency path of protocol 1.1.0, refuses any image upload and lists the removal channels and helplines.
 */
describe('API: AI-facilitated case (protocol 1.1.0)', () => {
  let t: TestApp;
  let server: App;

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
  });
  afterAll(async () => t.close());

  /** A new case: the girl recorded with her sex, the intake of the deepfake, and the danger check with no sign ticked. */
  async function deepfakeCase(): Promise<{ d: CaseDriver; detail: CaseDetail }> {
    const d = await CaseDriver.start(server, 'Montage « nudify » d’une élève de 3e');
    await d.agents.team_member
      .post(`/api/cases/${d.caseId}/people`)
      .set(XHR)
      .send({ role: 'target', kind: 'pupil', displayName: 'Salma B.', classLabel: '3AC-2', note: '15 ans', sex: 'female' })
      .expect(201);
    await d.complete('intake', 'team_member', {
      authorsKnown: false,
      types: ['AI_SEXUAL_IMAGE'],
      repeated: false,
      platforms: ['INSTAGRAM', 'SNAPCHAT'],
      description: 'Une fausse photo dénudée de l’élève, fabriquée avec une application, circule dans un groupe de classe.',
    });
    return { d, detail: await d.complete('danger_check', 'coordinator', { staffImplicated: false }) };
  }

  /** A refused answer: 400 VALIDATION_FAILED naming the field. */
  const expectFieldError = (res: { status: number; body: { code?: string; details?: { field: string }[] } }, field: string) => {
    expect(res.status).withContext(field).toBe(400);
    expect(res.body.code).withContext(field).toBe('VALIDATION_FAILED');
    expect(res.body.details?.map((x) => x.field))
      .withContext(field)
      .toContain(field);
  };

  const definition = async (d: CaseDriver): Promise<ProtocolDefinition> =>
    (await d.agents.coordinator.get('/api/protocols/ma-cyberharassment/1.1.0').expect(200)).body.definition as ProtocolDefinition;

  it('starts on 1.1.0, records the girl with her sex (the API has no age: her class and a note) and refuses an unknown type', async () => {
    const d = await CaseDriver.start(server, 'Montage d’une élève');
    expect((await d.detail()).protocol.version).toBe('1.1.0');
    const person = await d.agents.team_member
      .post(`/api/cases/${d.caseId}/people`)
      .set(XHR)
      .send({ role: 'target', kind: 'pupil', displayName: 'Salma B.', classLabel: '3AC-2', note: '15 ans', sex: 'female' })
      .expect(201);
    expect(person.body).toEqual(jasmine.objectContaining({ role: 'target', kind: 'pupil', sex: 'female', note: '15 ans' }));
    const res = await d.submit('intake', 'team_member', { types: ['DEEPFAKE'], authorsKnown: false, repeated: false });
    expectFieldError(res, 'answers.types');
  });

  it('follows the emergency path once the danger check is done, even with no danger sign ticked', async () => {
    const { detail } = await deepfakeCase();
    expect(detail.state).toBe('EMERGENCY_ESCALATED');
    const status = (id: string) => detail.steps.find((s) => s.stepId === id)?.status;
    for (const id of ['secure_child', 'authorities_alert', 'child_protection_referral', 'image_removal', 'emergency_family_notice'])
      expect(status(id)).withContext(id).toBe('available');
    expect(status('fake_content_talk')).toBe('available');
    expect(detail.missingForClosure).toEqual(jasmine.arrayContaining(['image_removal', 'fake_content_talk', 'authorities_alert']));
  });

  it('offers only T3 at triage, and records whether the case is gender-based', async () => {
    const { d } = await deepfakeCase();
    for (const tier of ['T0', 'T1', 'T2']) {
      const res = await d.submit('triage', 'coordinator', { tier, genderBased: true });
      expectFieldError(res, 'answers.tier');
    }
    const bad = await d.submit('triage', 'coordinator', { tier: 'T3', genderBased: 'GIRL' });
    expectFieldError(bad, 'answers.genderBased');
    await d.complete('triage', 'coordinator', { tier: 'T3', genderBased: true });
    const signed = await d.sign('triage');
    expect(signed.facts['tier']).toBe('T3');
    expect(signed.facts['genderBased']).toBeTrue();
    expect(signed.state).toBe('EMERGENCY_ESCALATED');
  });

  it('refuses any image upload with EVIDENCE_DESCRIPTION_ONLY and takes a written description', async () => {
    const { d } = await deepfakeCase();
    const list = (await d.agents.team_member.get(`/api/cases/${d.caseId}/evidence`).expect(200)).body as { filesAllowed: boolean };
    expect(list.filesAllowed).toBeFalse();
    for (const lang of ['fr', 'ar', 'en']) {
      const refused = await d.agents.team_member
        .post(`/api/cases/${d.caseId}/evidence/files`)
        .set(XHR)
        .set('Accept-Language', lang)
        .attach('file', jpeg(), { filename: 'capture.jpg', contentType: 'image/jpeg' })
        .field('title', 'Capture')
        .expect(422);
      expect(refused.body.code).withContext(lang).toBe('EVIDENCE_DESCRIPTION_ONLY');
      expect(refused.body.message).withContext(lang).toContain('Take It Down');
    }
    await d.agents.team_member
      .post(`/api/cases/${d.caseId}/evidence/descriptions`)
      .set(XHR)
      .send({ title: 'Image truquée', description: 'Fausse image dénudée de l’élève, compte anonyme, vue le 20/11 à 21 h dans un groupe.' })
      .expect(201);
    // the evidence step itself: the written description is required, never a file
    const evidence = await d.submit('evidence_log', 'team_member', { sexualImagesOfMinor: true, contentDescription: '' });
    expectFieldError(evidence, 'answers.contentDescription');
  });

  it('lists the removal channels and helplines with the steps, all present in the directory of the academy', async () => {
    const { d, detail } = await deepfakeCase();
    const def = await definition(d);
    const removal = stepResources(def, findStep(def, 'image_removal')!, detail.facts);
    expect(removal.directory).toEqual(['EMC_IWF_PORTAL', 'EMC_HELPLINE', 'EMC_HELPLINE_WOMEN', 'E_BLAGH']);
    expect(removal.guides).toEqual(['TAKE_IT_DOWN', 'INSTAGRAM', 'SNAPCHAT']);
    expect(stepResources(def, findStep(def, 'danger_check')!, detail.facts).directory).toContain('EMC_HELPLINE_WOMEN');
    expect(stepResources(def, findStep(def, 'fake_content_talk')!, detail.facts)).toEqual({
      directory: ['EMC_HELPLINE', 'EMC_HELPLINE_WOMEN', 'E_BLAGH'],
      guides: ['TAKE_IT_DOWN'],
    });
    expect(stepResources(def, findStep(def, 'platform_report')!, detail.facts).directory).toEqual(['EMC_HELPLINE', 'STOPNCII']);

    const knowledge = (await d.agents.team_member.get('/api/knowledge').expect(200)).body as {
      directory: DirectoryEntry[];
      platforms: { guides: { code: string }[] };
      taxonomy: { types: { code: string; definition: Record<string, string> }[] };
    };
    const ids = knowledge.directory.map((e) => e.id);
    for (const id of [...removal.directory, 'STOPNCII']) expect(ids).withContext(id).toContain(id);
    expect(knowledge.platforms.guides.map((g) => g.code)).toContain('TAKE_IT_DOWN');
    const women = knowledge.directory.find((e) => e.id === 'EMC_HELPLINE_WOMEN');
    expect(women?.name['ar']).toContain('النساء');
    expect(women?.contacts).toEqual([]); // no number or address in the sources: none invented
    const deepfake = knowledge.taxonomy.types.find((x) => x.code === 'AI_SEXUAL_IMAGE');
    for (const lang of ['fr', 'ar', 'en']) expect(deepfake?.definition[lang]).withContext(lang).toBeTruthy();
  });

  it('carries the emergency steps through, the removal recording the channels used', async () => {
    const { d } = await deepfakeCase();
    await d.complete('triage', 'coordinator', { tier: 'T3' });
    await d.sign('triage');
    await d.complete('fake_content_talk', 'team_member', { talkedWith: ['PUPIL', 'FAMILY'] });
    await d.complete('secure_child', 'principal');
    await d.complete('authorities_alert', 'principal', { channels: ['EBLAGH'] });
    await d.complete('child_protection_referral', 'principal');
    await d.complete('emergency_family_notice', 'principal');
    const done = await d.complete('image_removal', 'team_member', { removalChannels: ['EMC_IWF', 'TAKE_IT_DOWN', 'EMC_HELPLINE_WOMEN'] });
    expect(done.steps.find((s) => s.stepId === 'image_removal')?.status).toBe('done');
    expect(done.missingForClosure).not.toContain('fake_content_talk');
    const after = await d.complete('emergency_handover', 'coordinator', { track: 'EMERGENCY' });
    expect(after.state).toBe('MONITORING');
  });
});
