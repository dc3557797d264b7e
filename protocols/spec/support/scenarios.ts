/** Common openings of a case in the reference protocol. */
import type { Answers } from '../../src';
import { CaseBuilder } from './case-builder';
import { loadReference } from './reference';

export const PUPIL_AUTHORS: Answers = {
  authorsKnown: true,
  authorsArePupils: true,
  types: ['INSULT', 'MOBBING'],
  repeated: true,
  platforms: ['INSTAGRAM'],
};
export const NO_DANGER: Answers = { staffImplicated: false };

/** Intake and danger check done without danger signs. */
export function reportedCase(intake: Answers = PUPIL_AUTHORS, danger: Answers = NO_DANGER): CaseBuilder {
  return new CaseBuilder(loadReference())
    .create()
    .complete('intake', 'team_member', intake)
    .complete('danger_check', 'coordinator', danger);
}

/** Protection steps that apply to every T1-T3 case. */
export function protect(c: CaseBuilder): CaseBuilder {
  return c
    .complete('target_interview', 'team_member')
    .complete('protection_plan', 'coordinator')
    .complete('family_information', 'principal', { informed: true, familyOpposes: false })
    .complete('evidence_log', 'team_member', { sexualImagesOfMinor: false })
    .complete('platform_report', 'team_member')
    .complete('takedown_check', 'team_member', { contentRemoved: true });
}

export function monitorAndClose(c: CaseBuilder): CaseBuilder {
  return c
    .complete('principal_review', 'principal')
    .complete('followup_1', 'team_member', { situation: 'DECREASED' })
    .complete('followup_2', 'team_member', { situation: 'STOPPED' })
    .complete('checkpoint_4w', 'coordinator', { situation: 'STOPPED' })
    .complete('checkpoint_8w', 'coordinator', { situation: 'STOPPED' })
    .complete('closure_proposal', 'coordinator')
    .complete('closure_signoff', 'principal', { decision: 'APPROVE' });
}
