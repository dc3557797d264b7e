import { type CaseBuilder } from './support/case-builder';
import { PUPIL_AUTHORS, reportedCase } from './support/scenarios';

const EMERGENCY_STEPS = ['secure_child', 'authorities_alert', 'child_protection_referral', 'emergency_family_notice', 'emergency_handover'];

function finishEmergency(c: CaseBuilder, track: 'FORMAL' | 'EMERGENCY'): CaseBuilder {
  return c
    .complete('secure_child', 'principal')
    .complete('authorities_alert', 'principal')
    .complete('child_protection_referral', 'principal')
    .complete('emergency_family_notice', 'principal')
    .complete('emergency_handover', 'coordinator', { track });
}

describe('emergency path (3E)', () => {
  it('a danger flag at the danger check escalates at once (B1)', () => {
    const c = reportedCase(PUPIL_AUTHORS, { dangerFlags: ['SELF_HARM'], staffImplicated: false });
    const s = c.state();
    expect(s.state).toBe('EMERGENCY_ESCALATED');
    for (const stepId of ['secure_child', 'authorities_alert', 'child_protection_referral', 'emergency_family_notice']) {
      expect(c.status(stepId)).withContext(stepId).toBe('available');
    }
    expect(c.status('image_removal')).toBe('skipped');
    expect(s.steps.find((v) => v.stepId === 'emergency_handover')?.reason).toBe('waiting_for:triage');
  });

  it('a danger flag forces tier T3: lower tiers are refused', () => {
    const c = reportedCase(PUPIL_AUTHORS, { dangerFlags: ['ADULT_INVOLVED'], staffImplicated: false });
    for (const tier of ['T0', 'T1', 'T2']) {
      expect(() => c.complete('triage', 'coordinator', { tier }))
        .withContext(tier)
        .toThrowError(/option_not_allowed/);
    }
    c.complete('triage', 'coordinator', { tier: 'T3' }).sign('triage');
    expect(c.state().state).toBe('EMERGENCY_ESCALATED');
  });

  it('sexual images of a minor add the removal step (B4) and still need every emergency step', () => {
    const c = reportedCase({ ...PUPIL_AUTHORS, types: ['CSAM'] }, { dangerFlags: ['MINOR_SEXUAL_IMAGES'], staffImplicated: false });
    c.complete('triage', 'coordinator', { tier: 'T3' }).sign('triage');
    expect(c.status('image_removal')).toBe('available');
    expect(c.status('track_decision')).toBe('skipped');
    c.complete('secure_child', 'principal')
      .complete('authorities_alert', 'principal')
      .complete('child_protection_referral', 'principal')
      .complete('emergency_family_notice', 'principal');
    expect(c.state().steps.find((v) => v.stepId === 'emergency_handover')?.reason).toBe('waiting_for:image_removal');
    c.complete('image_removal', 'team_member').complete('emergency_handover', 'coordinator', { track: 'EMERGENCY' });
    expect(c.state().state).toBe('MONITORING');
  });

  it('T3 set at triage without danger flags goes to the emergency path, never to MPP (B2, B5)', () => {
    const c = reportedCase().complete('triage', 'coordinator', { tier: 'T3' });
    expect(c.state().state).toBe('REPORTED');
    c.sign('triage');
    const s = c.state();
    expect(s.state).toBe('EMERGENCY_ESCALATED');
    expect(() => c.complete('track_decision', 'coordinator', { track: 'MPP' })).toThrowError(/step_not_applicable/);
    expect(s.actions.some((a) => a.stepId === 'mpp_first_round')).toBeFalse();
    for (const stepId of EMERGENCY_STEPS) expect(s.missingForClosure).withContext(stepId).toContain(stepId);
  });

  it('a case cannot leave the emergency state or propose closure before the emergency steps', () => {
    const c = reportedCase(PUPIL_AUTHORS, { dangerFlags: ['PHYSICAL_THREAT'], staffImplicated: false });
    c.complete('triage', 'coordinator', { tier: 'T3' }).sign('triage');
    c.complete('secure_child', 'principal');
    expect(() => c.complete('emergency_handover', 'coordinator', { track: 'EMERGENCY' })).toThrowError(/step_not_available/);
    expect(() => c.complete('closure_proposal', 'coordinator')).toThrowError(/step_not_available/);
  });

  it('hands over to the formal track after the emergency steps', () => {
    const c = reportedCase(PUPIL_AUTHORS, { dangerFlags: ['SEXTORTION'], staffImplicated: false });
    c.complete('triage', 'coordinator', { tier: 'T3' }).sign('triage');
    c.complete('image_removal', 'team_member');
    finishEmergency(c, 'FORMAL');
    expect(c.state().state).toBe('FORMAL_IN_PROGRESS');
    expect(c.state().facts['track']).toBe('FORMAL');
  });

  it('evidence showing sexual images of a minor escalates even a T1 shared-concern case (3.6)', () => {
    const c = reportedCase().complete('triage', 'coordinator', { tier: 'T1' }).complete('track_decision', 'coordinator', { track: 'MPP' });
    c.complete('evidence_log', 'team_member', { sexualImagesOfMinor: true });
    expect(c.state().state).toBe('EMERGENCY_ESCALATED');
    expect(c.status('secure_child')).toBe('available');
  });

  it('the family opposing action does not remove the escalation steps (B7)', () => {
    const c = reportedCase(PUPIL_AUTHORS, { dangerFlags: ['SELF_HARM'], staffImplicated: false });
    c.complete('family_information', 'principal', { informed: true, familyOpposes: true });
    expect(c.state().facts['familyOpposes']).toBeTrue();
    expect(c.status('authorities_alert')).toBe('available');
    expect(c.state().missingForClosure).toContain('authorities_alert');
  });
});
