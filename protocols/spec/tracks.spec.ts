import { monitorAndClose, protect, reportedCase } from './support/scenarios';

describe('driving a case through each track of the reference protocol', () => {
  it('T1 shared concern: weekly meetings, day-15 check, monitoring, closure', () => {
    const c = reportedCase().complete('triage', 'coordinator', { tier: 'T1' });
    expect(c.state().state).toBe('TRIAGED');
    c.complete('track_decision', 'coordinator', { track: 'MPP' });
    expect(c.state().state).toBe('MPP_IN_PROGRESS');
    protect(c).complete('mpp_first_round', 'team_member').complete('mpp_meeting', 'team_member').complete('mpp_meeting', 'team_member');
    c.complete('mpp_result_check', 'coordinator', { improved: true, cooperating: true, newSeriousFacts: false, decision: 'MPP' });
    expect(c.state().state).toBe('MONITORING');
    expect(c.state().missingForClosure).toContain('mpp_meeting');
    c.complete('mpp_meeting', 'team_member').complete('mpp_meeting', 'team_member');
    expect(c.state().steps.find((s) => s.stepId === 'mpp_meeting')).toEqual(
      jasmine.objectContaining({ status: 'done', occurrences: 4, actionable: true }),
    );
    monitorAndClose(c);
    const final = c.state();
    expect(final.state).toBe('CLOSED');
    expect(final.closed).toBeTrue();
    expect(final.history.map((h) => h.to)).toEqual(['REPORTED', 'TRIAGED', 'MPP_IN_PROGRESS', 'MONITORING', 'CLOSURE_PROPOSED', 'CLOSED']);
    expect(final.actions).toEqual([{ kind: 'reopen_case', roles: ['coordinator', 'principal'] }]);
  });

  it('T1 shared concern without improvement at day 15 switches to the formal track (B6)', () => {
    const c = reportedCase().complete('triage', 'coordinator', { tier: 'T1' }).complete('track_decision', 'coordinator', { track: 'MPP' });
    c.complete('mpp_first_round', 'team_member');
    expect(() =>
      c.complete('mpp_result_check', 'coordinator', { improved: false, cooperating: true, newSeriousFacts: false, decision: 'MPP' }),
    ).toThrowError(/invalid_answers.*"decision","option_not_allowed"/);
    c.complete('mpp_result_check', 'coordinator', { improved: false, cooperating: true, newSeriousFacts: false, decision: 'FORMAL' });
    const s = c.state();
    expect(s.state).toBe('FORMAL_IN_PROGRESS');
    expect(s.facts['track']).toBe('FORMAL');
    expect(s.missingForClosure).not.toContain('mpp_meeting');
    expect(s.missingForClosure).toContain('formal_decision');
  });

  it('T2 formal: principal co-signs the triage, decision, referral, closure', () => {
    const c = reportedCase().complete('triage', 'coordinator', { tier: 'T2' });
    expect(c.state().state).toBe('REPORTED');
    expect(c.status('triage')).toBe('awaiting_signature');
    expect(c.state().actionsByRole['principal']).toContain({ kind: 'sign_step', stepId: 'triage', roles: ['principal'] });
    expect(() => c.complete('track_decision', 'coordinator', { track: 'FORMAL' })).toThrowError(/signature_required/);
    c.sign('triage');
    expect(c.state().state).toBe('TRIAGED');
    expect(() => c.complete('track_decision', 'coordinator', { track: 'MPP' })).toThrowError(/option_not_allowed/);
    c.complete('track_decision', 'coordinator', { track: 'FORMAL' });
    protect(c)
      .complete('formal_testimony', 'team_member')
      .complete('formal_interviews', 'principal')
      .complete('family_legal_information', 'principal')
      .complete('formal_decision', 'principal', { offencePossible: true });
    expect(c.state().state).toBe('MONITORING');
    expect(c.status('authority_referral')).toBe('available');
    expect(c.state().canClose).toBeFalse();
    c.complete('authority_referral', 'principal');
    monitorAndClose(c);
    expect(c.state().state).toBe('CLOSED');
  });

  it('T0 educational response closes quickly without protection steps, after a positive follow-up', () => {
    const c = reportedCase({ authorsKnown: true, authorsArePupils: true, types: ['INSULT'], repeated: false }).complete(
      'triage',
      'coordinator',
      { tier: 'T0' },
    );
    c.complete('track_decision', 'coordinator', { track: 'EDUCATIONAL' });
    expect(c.state().state).toBe('EDUCATIONAL_RESPONSE');
    for (const stepId of ['family_information', 'evidence_log', 'protection_plan', 'followup_1', 'principal_review']) {
      expect(c.status(stepId)).withContext(stepId).toBe('skipped');
    }
    c.complete('target_interview', 'team_member').complete('educational_response', 'coordinator');
    expect(c.state().canClose).toBeFalse();
    expect(c.state().missingForClosure).toEqual(['educational_followup']);
    c.complete('educational_followup', 'team_member', { situation: 'DECREASED' });
    expect(c.state().canClose).toBeTrue();
    c.complete('closure_proposal', 'coordinator').complete('closure_signoff', 'principal', { decision: 'APPROVE' });
    expect(c.state().state).toBe('CLOSED');
  });

  it('T1 with unknown authors cannot use the shared concern method (B3)', () => {
    const c = reportedCase({ authorsKnown: false, types: ['IMPERSONATION'], repeated: true }).complete('triage', 'coordinator', {
      tier: 'T1',
    });
    expect(() => c.complete('track_decision', 'coordinator', { track: 'MPP' })).toThrowError(/option_not_allowed/);
    c.complete('track_decision', 'coordinator', { track: 'FORMAL' });
    expect(c.state().state).toBe('FORMAL_IN_PROGRESS');
  });

  it('content still online after a platform report goes to the EMC-Helpline (B9)', () => {
    const c = reportedCase().complete('platform_report', 'team_member');
    expect(c.status('emc_escalation')).toBe('skipped');
    c.complete('takedown_check', 'team_member', { contentRemoved: false });
    expect(c.status('emc_escalation')).toBe('available');
    expect(c.state().missingForClosure).toContain('emc_escalation');
  });

  it('a staff member implicated adds the HR/justice referral (B8)', () => {
    const c = reportedCase(undefined, { staffImplicated: true });
    expect(c.status('staff_referral')).toBe('available');
    expect(c.state().missingForClosure).toContain('staff_referral');
  });
});
