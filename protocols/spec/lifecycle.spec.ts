import { applicable, computeCaseState, type CaseEvent, type NewCaseEvent } from '../src';
import { CaseBuilder } from './support/case-builder';
import { loadReference } from './support/reference';
import { monitorAndClose, protect, reportedCase } from './support/scenarios';

function closedT0Case(): CaseBuilder {
  const c = reportedCase({ authorsKnown: true, authorsArePupils: true, types: ['INSULT'], repeated: false }).complete(
    'triage',
    'coordinator',
    { tier: 'T0' },
  );
  return c
    .complete('track_decision', 'coordinator', { track: 'EDUCATIONAL' })
    .complete('target_interview', 'team_member')
    .complete('educational_response', 'coordinator')
    .complete('educational_followup', 'team_member', { situation: 'STOPPED' })
    .complete('closure_proposal', 'coordinator')
    .complete('closure_signoff', 'principal', { decision: 'APPROVE' });
}

function check(c: CaseBuilder, event: NewCaseEvent): string {
  const result = applicable(c.def, c.events, event, { now: c.now, calendar: c.calendar });
  return result.ok ? 'ok' : result.code;
}

describe('closure', () => {
  it('cannot be signed off by anyone but the principal', () => {
    const c = reportedCase({ authorsKnown: true, authorsArePupils: true, types: ['INSULT'], repeated: false }).complete(
      'triage',
      'coordinator',
      { tier: 'T0' },
    );
    c.complete('track_decision', 'coordinator', { track: 'EDUCATIONAL' })
      .complete('target_interview', 'team_member')
      .complete('educational_response', 'coordinator')
      .complete('educational_followup', 'team_member', { situation: 'STOPPED' });
    c.complete('closure_proposal', 'coordinator');
    for (const role of ['coordinator', 'team_member']) {
      expect(() => c.complete('closure_signoff', role, { decision: 'APPROVE' }))
        .withContext(role)
        .toThrowError(/role_not_allowed/);
    }
    expect(c.state().state).toBe('CLOSURE_PROPOSED');
  });

  it('cannot be proposed while a required step is missing', () => {
    const c = reportedCase()
      .complete('triage', 'coordinator', { tier: 'T1' })
      .complete('track_decision', 'coordinator', { track: 'FORMAL' });
    protect(c)
      .complete('formal_testimony', 'team_member')
      .complete('formal_interviews', 'principal')
      .complete('formal_decision', 'principal', { offencePossible: false });
    expect(c.state().state).toBe('MONITORING');
    const view = c.state().steps.find((s) => s.stepId === 'closure_proposal');
    expect(view?.status).toBe('locked');
    expect(view?.reason).toBe('closure_requirements_unmet');
    expect(c.state().missingForClosure).toEqual(
      jasmine.arrayWithExactContents([
        'family_legal_information',
        'principal_review',
        'followup_1',
        'followup_2',
        'checkpoint_4w',
        'checkpoint_8w',
      ]),
    );
  });

  it('returned by the principal goes back to monitoring and can be proposed again', () => {
    const c = reportedCase()
      .complete('triage', 'coordinator', { tier: 'T1' })
      .complete('track_decision', 'coordinator', { track: 'FORMAL' });
    protect(c)
      .complete('formal_testimony', 'team_member')
      .complete('formal_interviews', 'principal')
      .complete('family_legal_information', 'principal');
    c.complete('formal_decision', 'principal', { offencePossible: false });
    c.complete('principal_review', 'principal')
      .complete('followup_1', 'team_member')
      .complete('followup_2', 'team_member')
      .complete('checkpoint_4w', 'coordinator')
      .complete('checkpoint_8w', 'coordinator');
    c.complete('closure_proposal', 'coordinator');
    const bare = applicable(
      c.def,
      c.events,
      {
        type: 'step_completed',
        at: c.now,
        actor: { id: 'p', role: 'principal' },
        payload: { stepId: 'closure_signoff', answers: { decision: 'RETURN' }, checklist: [] },
      },
      { now: c.now },
    );
    expect(bare.ok ? [] : bare.fieldErrors?.map((e) => [e.field, e.code])).toEqual([['comment', 'required']]);
    c.complete('closure_signoff', 'principal', { decision: 'RETURN', comment: 'Attendre la fin du trimestre.' });
    expect(c.state().state).toBe('MONITORING');
    c.complete('closure_proposal', 'coordinator').complete('closure_signoff', 'principal', { decision: 'APPROVE' });
    expect(c.state().state).toBe('CLOSED');
  });

  it('every required step blocks closure until done (T2 formal case, one step left out at a time)', () => {
    const steps: [string, string, Record<string, unknown>][] = [
      ['formal_testimony', 'team_member', {}],
      ['formal_interviews', 'principal', {}],
      ['family_legal_information', 'principal', {}],
    ];
    for (const [skipped] of steps) {
      const c = reportedCase()
        .complete('triage', 'coordinator', { tier: 'T2' })
        .sign('triage')
        .complete('track_decision', 'coordinator', { track: 'FORMAL' });
      protect(c);
      for (const [stepId, role] of steps) if (stepId !== skipped) c.complete(stepId, role);
      expect(c.state().missingForClosure).withContext(skipped).toContain(skipped);
      expect(c.state().canClose).withContext(skipped).toBeFalse();
    }
  });
});

describe('reopening (B10)', () => {
  it('only a closed case can be reopened, by the coordinator or the principal', () => {
    const open = reportedCase();
    expect(check(open, { type: 'case_reopened', at: open.now, actor: { id: 'p', role: 'principal' }, payload: { reason: 'again' } })).toBe(
      'case_not_closed',
    );
    const c = closedT0Case();
    expect(check(c, { type: 'case_reopened', at: c.now, actor: { id: 't', role: 'team_member' }, payload: { reason: 'again' } })).toBe(
      'role_not_allowed',
    );
    expect(check(c, { type: 'case_reopened', at: c.now, actor: { id: 'c', role: 'coordinator' }, payload: { reason: ' ' } })).toBe(
      'invalid_payload',
    );
    expect(
      check(c, {
        type: 'step_completed',
        at: c.now,
        actor: { id: 't', role: 'team_member' },
        payload: { stepId: 'target_interview', answers: {}, checklist: [] },
      }),
    ).toBe('case_closed');
  });

  it('restarts the danger check and triage, keeps the intake and its facts', () => {
    const c = closedT0Case();
    c.advance(60 * 24 * 20).push({
      type: 'case_reopened',
      at: c.now,
      actor: { id: 'c', role: 'coordinator' },
      payload: { reason: 'Nouvelles publications' },
    });
    const s = c.state();
    expect(s.state).toBe('REOPENED');
    expect(s.cycle).toBe(1);
    expect(c.status('intake')).toBe('done');
    expect(c.status('danger_check')).toBe('available');
    expect(s.facts['tier']).toBeUndefined();
    expect(s.facts['types']).toEqual(['INSULT']);
    c.complete('danger_check', 'coordinator', { staffImplicated: false }).complete('triage', 'coordinator', { tier: 'T2' }).sign('triage');
    expect(c.state().state).toBe('TRIAGED');
    expect(
      c
        .state()
        .history.map((h) => h.to)
        .slice(-3),
    ).toEqual(['CLOSED', 'REOPENED', 'TRIAGED']);
  });
});

describe('corrections and notes', () => {
  it('a correction updates answers and facts without moving the case', () => {
    const c = reportedCase();
    const intakeSeq = c.events.find((e) => e.type === 'step_completed' && e.payload.stepId === 'intake')?.seq ?? -1;
    c.advance(5).push({
      type: 'correction',
      at: c.now,
      actor: { id: 'c', role: 'coordinator' },
      payload: { refSeq: intakeSeq, answers: { types: ['THREATS'] }, reason: 'Erreur de saisie' },
    });
    expect(c.state().facts['types']).toEqual(['THREATS']);
    expect(c.state().state).toBe('REPORTED');
  });

  it('a correction must reference a completed step and keep the form valid', () => {
    const c = reportedCase();
    c.advance(1).push({ type: 'note_added', at: c.now, actor: { id: 't', role: 'team_member' }, payload: { text: 'Appel de la mère' } });
    const noteSeq = c.events.length;
    expect(
      check(c, {
        type: 'correction',
        at: c.now,
        actor: { id: 'c', role: 'coordinator' },
        payload: { refSeq: noteSeq, answers: {}, reason: 'x' },
      }),
    ).toBe('invalid_reference');
    expect(
      check(c, {
        type: 'correction',
        at: c.now,
        actor: { id: 'c', role: 'coordinator' },
        payload: { refSeq: 2, answers: { types: ['NOT_A_TYPE'] }, reason: 'x' },
      }),
    ).toBe('invalid_answers');
  });

  it('notes need text', () => {
    const c = reportedCase();
    expect(check(c, { type: 'note_added', at: c.now, actor: { id: 't', role: 'team_member' }, payload: { text: '  ' } })).toBe(
      'invalid_payload',
    );
  });
});

describe('applicable: event-level error codes', () => {
  it('rejects events before creation, a second creation and a wrong version', () => {
    const c = new CaseBuilder(loadReference());
    expect(check(c, { type: 'note_added', at: c.now, actor: { id: 'a', role: 'coordinator' }, payload: { text: 'x' } })).toBe(
      'case_not_created',
    );
    expect(
      check(c, {
        type: 'case_created',
        at: c.now,
        actor: { id: 'a', role: 'coordinator' },
        payload: { protocolId: 'ma-cyberharassment', protocolVersion: '9.9.9' },
      }),
    ).toBe('version_mismatch');
    c.create();
    expect(
      check(c, {
        type: 'case_created',
        at: c.now,
        actor: { id: 'a', role: 'coordinator' },
        payload: { protocolId: 'ma-cyberharassment', protocolVersion: '1.0.0' },
      }),
    ).toBe('case_already_created');
  });

  it('rejects unknown, finished, locked and out-of-order steps', () => {
    const c = reportedCase();
    const complete = (stepId: string, role = 'coordinator', at = c.now): string =>
      check(c, { type: 'step_completed', at, actor: { id: 'x', role }, payload: { stepId, answers: {}, checklist: [] } });
    expect(complete('nope')).toBe('step_unknown');
    expect(complete('intake')).toBe('step_already_done');
    expect(complete('track_decision')).toBe('step_not_available');
    expect(complete('triage', 'team_member')).toBe('role_not_allowed');
    expect(complete('triage', 'coordinator')).toBe('invalid_answers');
    expect(complete('triage', 'coordinator', '2020-01-01T00:00:00Z')).toBe('event_out_of_order');
  });

  it('rejects signatures that are not awaited, by the wrong role or by the same person', () => {
    const c = reportedCase();
    const sign = (role: string, id: string): string =>
      check(c, { type: 'step_signed', at: c.now, actor: { id, role }, payload: { stepId: 'triage' } });
    expect(sign('principal', 'p2')).toBe('signature_not_pending');
    c.complete('triage', 'coordinator', { tier: 'T2' }, { actorId: 'same-person' });
    expect(sign('coordinator', 'c2')).toBe('role_not_allowed');
    expect(sign('principal', 'same-person')).toBe('same_actor_signature');
    expect(sign('principal', 'p2')).toBe('ok');
  });
});

describe('co-signer sends a step back with a comment', () => {
  it('the step is to be done again, with the comment shown, and what it had set no longer holds', () => {
    const c = reportedCase().complete('triage', 'coordinator', { tier: 'T3' }, { actorId: 'coord-1' });
    expect(c.status('triage')).toBe('awaiting_signature');
    expect(c.state().facts['tier']).toBe('T3');
    expect(c.state().actionsByRole['principal']?.map((a) => a.kind)).toEqual(jasmine.arrayContaining(['sign_step', 'return_step']));
    c.sendBack('triage', 'Pas de signe de danger : revoir le niveau.', 'principal', 'principal-1');
    const s = c.state();
    const triage = s.steps.find((v) => v.stepId === 'triage');
    expect(triage?.status).toBe('available');
    expect(triage?.actionable).toBeTrue();
    expect(triage?.returned).toEqual({
      at: c.now,
      by: { id: 'principal-1', role: 'principal' },
      comment: 'Pas de signe de danger : revoir le niveau.',
      completedBy: { id: 'coord-1', role: 'coordinator' },
    });
    expect(s.facts['tier']).toBeUndefined();
    expect(s.state).toBe('REPORTED');
    expect(s.actions.some((a) => a.kind === 'return_step' || a.kind === 'sign_step')).toBeFalse();
    // Done again (T1 needs no co-signature): the case moves on and the comment is no longer shown.
    c.complete('triage', 'coordinator', { tier: 'T1' });
    expect(c.status('triage')).toBe('done');
    expect(c.state().steps.find((v) => v.stepId === 'triage')?.returned).toBeUndefined();
    expect(c.state().state).toBe('TRIAGED');
    expect(c.state().facts['tier']).toBe('T1');
  });

  it('keeps facts set by other steps while the signature was awaited', () => {
    const c = reportedCase().complete('triage', 'coordinator', { tier: 'T2' });
    const before = c.state().facts['types'];
    c.sendBack('triage', 'Revoir.');
    expect(c.state().facts['types']).toEqual(before);
  });

  it('refuses a return without a comment, not awaited, or by another role', () => {
    const c = reportedCase();
    const sendBack = (role: string, comment: string): string =>
      check(c, { type: 'step_returned', at: c.now, actor: { id: 'p2', role }, payload: { stepId: 'triage', comment } });
    expect(sendBack('principal', 'Revoir.')).toBe('signature_not_pending');
    c.complete('triage', 'coordinator', { tier: 'T2' });
    expect(sendBack('coordinator', 'Revoir.')).toBe('role_not_allowed');
    expect(sendBack('principal', '   ')).toBe('comment_required');
    expect(
      check(c, { type: 'step_returned', at: c.now, actor: { id: 'p2', role: 'principal' }, payload: { stepId: 'nope', comment: 'x' } }),
    ).toBe('step_unknown');
    expect(sendBack('principal', 'Revoir.')).toBe('ok');
  });
});

describe('protocol migration', () => {
  it('maps renamed steps and sets the state under the new version', () => {
    const def = loadReference();
    const c = reportedCase();
    const renamed: CaseEvent[] = c.events.map((e) =>
      e.type === 'step_completed' && e.payload.stepId === 'danger_check'
        ? { ...e, payload: { ...e.payload, stepId: 'old_danger_check' } }
        : e,
    );
    const migrated: CaseEvent[] = [
      ...renamed,
      {
        seq: renamed.length + 1,
        type: 'protocol_migrated',
        at: c.now,
        actor: { id: 'p', role: 'principal' },
        payload: {
          fromVersion: '0.9.0',
          toVersion: '1.0.0',
          stepMap: { old_danger_check: 'danger_check' },
          state: 'REPORTED',
          reason: 'Nouvelle version',
        },
      },
    ];
    const before = computeCaseState(def, renamed, { now: c.now });
    const after = computeCaseState(def, migrated, { now: c.now });
    expect(before.steps.find((s) => s.stepId === 'danger_check')?.status).not.toBe('done');
    expect(after.steps.find((s) => s.stepId === 'danger_check')?.status).toBe('done');
    expect(after.steps.find((s) => s.stepId === 'triage')?.status).toBe('available');
  });

  it('only accepts a migration to the definition it is checked against', () => {
    const c = reportedCase();
    const event = (toVersion: string, state?: string): NewCaseEvent => ({
      type: 'protocol_migrated',
      at: c.now,
      actor: { id: 'p', role: 'principal' },
      payload: { fromVersion: '0.9.0', toVersion, reason: 'r', ...(state ? { state } : {}) },
    });
    expect(check(c, event('2.0.0'))).toBe('version_mismatch');
    expect(check(c, event('1.0.0', 'NOWHERE'))).toBe('invalid_payload');
    expect(check(c, event('1.0.0'))).toBe('ok');
  });
});

describe('full T1 case replays', () => {
  it('to the same state, deadlines and actions every time, whatever the order events are passed in', () => {
    const c = reportedCase()
      .complete('triage', 'coordinator', { tier: 'T1' })
      .complete('track_decision', 'coordinator', { track: 'FORMAL' });
    protect(c)
      .complete('formal_testimony', 'team_member')
      .complete('formal_interviews', 'principal')
      .complete('family_legal_information', 'principal');
    c.complete('formal_decision', 'principal', { offencePossible: false });
    monitorAndClose(c);
    const now = '2027-01-15T10:00:00Z';
    const first = JSON.stringify(computeCaseState(c.def, c.events, { now }));
    const again = JSON.stringify(computeCaseState(c.def, [...c.events], { now }));
    const shuffled = JSON.stringify(computeCaseState(c.def, [...c.events].reverse(), { now }));
    expect(again).toBe(first);
    expect(shuffled).toBe(first);
    expect(JSON.parse(first).state).toBe('CLOSED');
  });
});
