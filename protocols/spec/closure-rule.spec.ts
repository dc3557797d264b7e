import { computeCaseState } from '../src';
import { type CaseBuilder } from './support/case-builder';
import { cloneDefinition, loadReference } from './support/reference';
import { PUPIL_AUTHORS, protect, reportedCase } from './support/scenarios';

const T0_AUTHORS = { authorsKnown: true, authorsArePupils: true, types: ['INSULT'], repeated: false };

/** Principal's review and the four planned follow-ups, with the given situations. */
function monitor(c: CaseBuilder, situations: [string, string, string, string]): CaseBuilder {
  return c
    .complete('principal_review', 'principal')
    .complete('followup_1', 'team_member', { situation: situations[0] })
    .complete('followup_2', 'team_member', { situation: situations[1] })
    .complete('checkpoint_4w', 'coordinator', { situation: situations[2] })
    .complete('checkpoint_8w', 'coordinator', { situation: situations[3] });
}

function expectClosureBlocked(c: CaseBuilder): void {
  const s = c.state();
  expect(s.missingForClosure).toEqual([]);
  expect(s.closureConditionMet).toBeFalse();
  expect(s.canClose).toBeFalse();
  const proposal = s.steps.find((v) => v.stepId === 'closure_proposal');
  expect(proposal?.status).toBe('locked');
  expect(proposal?.reason).toBe('closure_requirements_unmet');
  expect(() => c.complete('closure_proposal', 'coordinator')).toThrowError(/step_not_available/);
}

function close(c: CaseBuilder): CaseBuilder {
  return c.complete('closure_proposal', 'coordinator').complete('closure_signoff', 'principal', { decision: 'APPROVE' });
}

const tracks: [string, () => CaseBuilder][] = [
  [
    'T1 shared concern',
    () => {
      const c = reportedCase()
        .complete('triage', 'coordinator', { tier: 'T1' })
        .complete('track_decision', 'coordinator', { track: 'MPP' });
      protect(c).complete('mpp_first_round', 'team_member');
      for (let i = 0; i < 4; i += 1) c.complete('mpp_meeting', 'team_member');
      return c.complete('mpp_result_check', 'coordinator', { improved: true, cooperating: true, newSeriousFacts: false, decision: 'MPP' });
    },
  ],
  [
    'T2 formal',
    () => {
      const c = reportedCase()
        .complete('triage', 'coordinator', { tier: 'T2' })
        .sign('triage')
        .complete('track_decision', 'coordinator', { track: 'FORMAL' });
      return protect(c)
        .complete('formal_testimony', 'team_member')
        .complete('formal_interviews', 'principal')
        .complete('family_legal_information', 'principal')
        .complete('formal_decision', 'principal', { offencePossible: false });
    },
  ],
  [
    'T3 emergency',
    () => {
      const c = reportedCase(PUPIL_AUTHORS, { dangerFlags: ['SELF_HARM'], staffImplicated: false })
        .complete('triage', 'coordinator', { tier: 'T3' })
        .sign('triage')
        .complete('secure_child', 'principal')
        .complete('authorities_alert', 'principal')
        .complete('child_protection_referral', 'principal')
        .complete('emergency_family_notice', 'principal')
        .complete('emergency_handover', 'coordinator', { track: 'EMERGENCY' });
      return protect(c);
    },
  ],
];

describe('hard rule: no closure without the principal and a positive follow-up', () => {
  for (const [name, open] of tracks) {
    it(`${name}: a last follow-up where it continues blocks the closure until a positive one`, () => {
      const c = monitor(open(), ['DECREASED', 'STOPPED', 'STOPPED', 'CONTINUED']);
      expect(c.state().state).toBe('MONITORING');
      expectClosureBlocked(c);
      c.complete('extra_followup', 'team_member', { situation: 'DECREASED' });
      expect(c.state().canClose).toBeTrue();
      close(c);
      expect(c.state().state).toBe('CLOSED');
    });

    it(`${name}: only the principal signs the closure off`, () => {
      const c = monitor(open(), ['STOPPED', 'STOPPED', 'STOPPED', 'STOPPED']).complete('closure_proposal', 'coordinator');
      for (const role of ['coordinator', 'team_member'])
        expect(() => c.complete('closure_signoff', role, { decision: 'APPROVE' }))
          .withContext(role)
          .toThrowError(/role_not_allowed/);
      c.complete('closure_signoff', 'principal', { decision: 'APPROVE' });
      expect(c.state().closed).toBeTrue();
    });
  }

  it('T0 educational response: the follow-up is required, and must be positive', () => {
    const c = reportedCase(T0_AUTHORS)
      .complete('triage', 'coordinator', { tier: 'T0' })
      .complete('track_decision', 'coordinator', { track: 'EDUCATIONAL' })
      .complete('target_interview', 'team_member')
      .complete('educational_response', 'coordinator');
    expect(c.state().missingForClosure).toEqual(['educational_followup']);
    expect(c.state().closureConditionMet).toBeFalse();
    c.complete('educational_followup', 'team_member', { situation: 'CONTINUED' });
    expect(c.state().missingForClosure).toEqual(['educational_reassessment']);
    expect(c.state().canClose).toBeFalse();
    expect(c.status('educational_reassessment')).toBe('available');
    c.advance(60 * 24 * 7).complete('educational_followup', 'team_member', { situation: 'STOPPED' });
    expect(c.status('educational_reassessment')).toBe('skipped');
    expect(c.state().canClose).toBeTrue();
    close(c);
    expect(c.state().state).toBe('CLOSED');
  });

  it('a principal who sends the closure back keeps the rule: a new positive follow-up is needed after a bad one', () => {
    const c = reportedCase(T0_AUTHORS)
      .complete('triage', 'coordinator', { tier: 'T0' })
      .complete('track_decision', 'coordinator', { track: 'EDUCATIONAL' })
      .complete('target_interview', 'team_member')
      .complete('educational_response', 'coordinator')
      .complete('educational_followup', 'team_member', { situation: 'STOPPED' })
      .complete('closure_proposal', 'coordinator')
      .complete('closure_signoff', 'principal', { decision: 'RETURN', comment: 'Revoir la cible après les vacances.' });
    expect(c.state().state).toBe('MONITORING');
    c.complete('educational_followup', 'team_member', { situation: 'CONTINUED' });
    expect(c.state().canClose).toBeFalse();
    expect(c.state().closureConditionMet).toBeFalse();
    expect(() => c.complete('closure_proposal', 'coordinator')).toThrowError(/step_not_available/);
  });

  it('the rule is carried by closure.requires: without it, the same events would allow closure', () => {
    const [, open] = tracks[0] ?? ['', reportedCase];
    const c = monitor(open(), ['CONTINUED', 'CONTINUED', 'CONTINUED', 'CONTINUED']);
    expect(c.state().canClose).toBeFalse();
    const def = cloneDefinition(loadReference());
    delete def.closure.requires;
    const without = computeCaseState(def, c.events, { now: c.now, calendar: c.calendar });
    expect(without.canClose).toBeTrue();
    expect(without.closureConditionMet).toBeTrue();
  });
});
