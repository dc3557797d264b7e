/** Every decision branch B1–B10 of the domain brief (§7.6), walked through the reference protocol. */
import { findStep, stepResources, validateSubmission, type Answers, type StepDef } from '../src';
import { type CaseBuilder } from './support/case-builder';
import { loadReference } from './support/reference';
import { monitorAndClose, PUPIL_AUTHORS, protect, reportedCase } from './support/scenarios';

const EMERGENCY_STEPS = ['secure_child', 'authorities_alert', 'child_protection_referral', 'emergency_family_notice'];
const T0_AUTHORS = { authorsKnown: true, authorsArePupils: true, types: ['INSULT'], repeated: false };

function emergencyDone(c: CaseBuilder): CaseBuilder {
  for (const stepId of EMERGENCY_STEPS) c.complete(stepId, 'principal');
  return c;
}

describe('decision branches of the reference protocol (brief §7.6)', () => {
  const def = loadReference();

  it('B1: any danger sign at the danger check starts the emergency path at once, before triage', () => {
    for (const flag of ['SELF_HARM', 'PHYSICAL_THREAT', 'MINOR_SEXUAL_IMAGES', 'SEXTORTION', 'ADULT_INVOLVED']) {
      const c = reportedCase(PUPIL_AUTHORS, { dangerFlags: [flag], staffImplicated: false });
      expect(c.state().state).withContext(flag).toBe('EMERGENCY_ESCALATED');
      for (const stepId of EMERGENCY_STEPS) expect(c.status(stepId)).withContext(`${flag} ${stepId}`).toBe('available');
      expect(c.status('triage')).withContext(flag).toBe('available');
    }
  });

  it('B1: a report typed sexual images of a minor, sextortion or grooming escalates even with no sign ticked', () => {
    for (const type of ['CSAM', 'SEXTORTION', 'GROOMING']) {
      const c = reportedCase({ ...PUPIL_AUTHORS, types: [type] });
      expect(c.state().state).withContext(type).toBe('EMERGENCY_ESCALATED');
    }
    expect(reportedCase({ ...PUPIL_AUTHORS, types: ['NCII'] }).state().state).toBe('REPORTED');
  });

  it('B2: the tier sets the track — T0 educational, T1 shared concern, T2 formal, T3 emergency', () => {
    const t0 = reportedCase(T0_AUTHORS).complete('triage', 'coordinator', { tier: 'T0' });
    expect(() => t0.complete('track_decision', 'coordinator', { track: 'MPP' })).toThrowError(/option_not_allowed/);
    expect(t0.complete('track_decision', 'coordinator', { track: 'EDUCATIONAL' }).state().state).toBe('EDUCATIONAL_RESPONSE');
    const t1 = reportedCase().complete('triage', 'coordinator', { tier: 'T1' });
    expect(() => t1.complete('track_decision', 'coordinator', { track: 'EDUCATIONAL' })).toThrowError(/option_not_allowed/);
    expect(t1.complete('track_decision', 'coordinator', { track: 'MPP' }).state().state).toBe('MPP_IN_PROGRESS');
    const t2 = reportedCase().complete('triage', 'coordinator', { tier: 'T2' }).sign('triage');
    expect(() => t2.complete('track_decision', 'coordinator', { track: 'MPP' })).toThrowError(/option_not_allowed/);
    expect(t2.complete('track_decision', 'coordinator', { track: 'FORMAL' }).state().state).toBe('FORMAL_IN_PROGRESS');
    const t3 = reportedCase().complete('triage', 'coordinator', { tier: 'T3' }).sign('triage');
    expect(t3.state().state).toBe('EMERGENCY_ESCALATED');
    expect(t3.status('track_decision')).toBe('skipped');
  });

  it('B3: unknown authors or authors outside the school: no shared concern; evidence, takedown and complaint information', () => {
    const openings: Answers[] = [
      { authorsKnown: false, types: ['IMPERSONATION'], repeated: true, platforms: ['FACEBOOK'] },
      { authorsKnown: true, authorsArePupils: false, types: ['INSULT'], repeated: true, platforms: ['TIKTOK'] },
    ];
    for (const authors of openings) {
      const c = reportedCase(authors).complete('triage', 'coordinator', { tier: 'T1' });
      expect(() => c.complete('track_decision', 'coordinator', { track: 'MPP' })).toThrowError(/option_not_allowed/);
      c.complete('track_decision', 'coordinator', { track: 'FORMAL' });
      const missing = c.state().missingForClosure;
      for (const stepId of ['evidence_log', 'platform_report', 'takedown_check', 'family_legal_information'])
        expect(missing).withContext(stepId).toContain(stepId);
      expect(c.status('mpp_first_round')).toBe('skipped');
      const legal = findStep(def, 'family_legal_information') as StepDef;
      expect(stepResources(def, legal, c.state().facts).directory).toEqual(jasmine.arrayContaining(['E_BLAGH', 'PMP_COMPLAINTS']));
    }
  });

  it('B4: sexual imagery of a minor — description only, removal through EMC/IWF and Take It Down, police', () => {
    const c = reportedCase({ ...PUPIL_AUTHORS, types: ['CSAM'] }, { dangerFlags: ['MINOR_SEXUAL_IMAGES'], staffImplicated: false });
    const bare = validateSubmission(def, 'evidence_log', { sexualImagesOfMinor: true, itemsLogged: 1 }, 'team_member', c.state(), [
      'noSexualImageCopied',
      'originalsKept',
    ]);
    expect(bare.errors.map((e) => [e.field, e.code])).toEqual([['contentDescription', 'required']]);
    c.complete('evidence_log', 'team_member', {
      sexualImagesOfMinor: true,
      contentDescription: 'Image intime de la cible, publiée sur un compte anonyme, vue par la classe.',
    });
    c.complete('triage', 'coordinator', { tier: 'T3' }).sign('triage');
    expect(c.status('image_removal')).toBe('available');
    expect(c.status('authorities_alert')).toBe('available');
    const removal = stepResources(def, findStep(def, 'image_removal') as StepDef, c.state().facts);
    expect(removal.directory).toEqual(['EMC_IWF_PORTAL', 'EMC_HELPLINE']);
    expect(removal.guides).toEqual(['TAKE_IT_DOWN', 'INSTAGRAM']);
    emergencyDone(c);
    expect(c.state().steps.find((v) => v.stepId === 'emergency_handover')?.reason).toBe('waiting_for:image_removal');
  });

  it('B5: an adult involved means police at once: tier T3 only, authorities alerted the same day', () => {
    const c = reportedCase({ ...PUPIL_AUTHORS, authorsArePupils: false }, { dangerFlags: ['ADULT_INVOLVED'], staffImplicated: false });
    expect(c.state().state).toBe('EMERGENCY_ESCALATED');
    for (const tier of ['T0', 'T1', 'T2']) expect(() => c.complete('triage', 'coordinator', { tier })).toThrowError(/option_not_allowed/);
    const alert = c.state().steps.find((v) => v.stepId === 'authorities_alert');
    expect(alert?.status).toBe('available');
    expect(alert?.dueAt).toBe('2026-11-23T22:59:59.999Z'); // end of the day, Morocco time (UTC+1)
    expect(findStep(def, 'authorities_alert')?.resources?.directory).toEqual(['POLICE_19', 'GENDARMERIE_177', 'E_BLAGH', 'PMP_COMPLAINTS']);
  });

  it('B6: no improvement, refusal to cooperate or new serious facts at day 15 switch the shared concern to the formal track', () => {
    for (const answers of [
      { improved: false, cooperating: true, newSeriousFacts: false },
      { improved: true, cooperating: false, newSeriousFacts: false },
      { improved: true, cooperating: true, newSeriousFacts: true },
    ]) {
      const c = reportedCase()
        .complete('triage', 'coordinator', { tier: 'T1' })
        .complete('track_decision', 'coordinator', { track: 'MPP' });
      c.complete('mpp_first_round', 'team_member');
      expect(() => c.complete('mpp_result_check', 'coordinator', { ...answers, decision: 'MPP' }))
        .withContext(JSON.stringify(answers))
        .toThrowError(/option_not_allowed/);
      c.complete('mpp_result_check', 'coordinator', { ...answers, decision: 'FORMAL' });
      expect(c.state().state).toBe('FORMAL_IN_PROGRESS');
    }
  });

  it('B7: the family opposing action is recorded, and the T3 escalation stays mandatory', () => {
    const c = reportedCase(PUPIL_AUTHORS, { dangerFlags: ['PHYSICAL_THREAT'], staffImplicated: false });
    c.complete('family_information', 'principal', { informed: true, familyOpposes: true });
    expect(c.state().facts['familyOpposes']).toBeTrue();
    for (const stepId of EMERGENCY_STEPS) expect(c.state().missingForClosure).withContext(stepId).toContain(stepId);
    expect(findStep(def, 'authorities_alert')?.guidance.fr).toContain("L'opposition de la famille n'empêche pas");
  });

  it('B8: a staff member implicated is handled outside the case, with the referral recorded', () => {
    const c = reportedCase(PUPIL_AUTHORS, { staffImplicated: true });
    expect(c.status('staff_referral')).toBe('available');
    expect(c.state().actionsByRole['principal']).toContain({ kind: 'complete_step', stepId: 'staff_referral', roles: ['principal'] });
    c.complete('staff_referral', 'principal');
    expect(c.state().missingForClosure).not.toContain('staff_referral');
    expect(reportedCase().status('staff_referral')).toBe('skipped');
  });

  it('B9: content still online after the platform report goes to the EMC-Helpline, with its contact shown', () => {
    const c = reportedCase().complete('platform_report', 'team_member');
    const check = c.state().steps.find((v) => v.stepId === 'takedown_check');
    expect(check?.dueAt).toBe('2026-11-26T22:59:59.999Z'); // 3 days later, end of the day in Morocco
    c.complete('takedown_check', 'team_member', { contentRemoved: false });
    expect(c.status('emc_escalation')).toBe('available');
    expect(stepResources(def, findStep(def, 'emc_escalation') as StepDef, c.state().facts).directory).toContain('EMC_HELPLINE');
    const removed = reportedCase()
      .complete('platform_report', 'team_member')
      .complete('takedown_check', 'team_member', { contentRemoved: true });
    expect(removed.status('emc_escalation')).toBe('skipped');
  });

  it('B10: a closed case reopens on recurrence; the danger check and triage start again', () => {
    const c = reportedCase()
      .complete('triage', 'coordinator', { tier: 'T1' })
      .complete('track_decision', 'coordinator', { track: 'FORMAL' });
    protect(c)
      .complete('formal_testimony', 'team_member')
      .complete('formal_interviews', 'principal')
      .complete('family_legal_information', 'principal')
      .complete('formal_decision', 'principal', { offencePossible: false });
    monitorAndClose(c);
    expect(c.state().closed).toBeTrue();
    c.advance(60 * 24 * 30).push({
      type: 'case_reopened',
      at: c.now,
      actor: { id: 'p', role: 'principal' },
      payload: { reason: 'Récidive' },
    });
    const s = c.state();
    expect(s.state).toBe('REOPENED');
    expect(s.facts['lastSituation']).toBeUndefined();
    expect(c.status('danger_check')).toBe('available');
    c.complete('danger_check', 'coordinator', { dangerFlags: ['SELF_HARM'], staffImplicated: false });
    expect(c.state().state).toBe('EMERGENCY_ESCALATED');
  });

  it('B10 (T0): a conflict that goes on after the educational response is re-assessed and escalated', () => {
    const c = reportedCase(T0_AUTHORS)
      .complete('triage', 'coordinator', { tier: 'T0' })
      .complete('track_decision', 'coordinator', { track: 'EDUCATIONAL' })
      .complete('target_interview', 'team_member')
      .complete('educational_response', 'coordinator');
    expect(c.status('educational_reassessment')).toBe('skipped');
    c.complete('educational_followup', 'team_member', { situation: 'CONTINUED' });
    c.complete('educational_reassessment', 'coordinator', { tier: 'T1', track: 'MPP' });
    const s = c.state();
    expect(s.state).toBe('MPP_IN_PROGRESS');
    expect(s.facts['tier']).toBe('T1');
    for (const stepId of ['mpp_first_round', 'protection_plan', 'family_information', 'followup_1'])
      expect(s.missingForClosure).withContext(stepId).toContain(stepId);
    expect(c.status('educational_followup')).toBe('done');

    const serious = reportedCase(T0_AUTHORS)
      .complete('triage', 'coordinator', { tier: 'T0' })
      .complete('track_decision', 'coordinator', { track: 'EDUCATIONAL' })
      .complete('educational_response', 'coordinator')
      .complete('educational_followup', 'team_member', { situation: 'CONTINUED' })
      .complete('educational_reassessment', 'coordinator', { tier: 'T3' });
    expect(serious.state().state).toBe('EMERGENCY_ESCALATED');
    for (const stepId of EMERGENCY_STEPS) expect(serious.status(stepId)).withContext(stepId).toBe('available');
  });
});
