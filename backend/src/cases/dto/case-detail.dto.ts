import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CaseSummaryDto, PersonRefDto } from './case-summary.dto';

export class ProtocolRefDto {
  @ApiProperty() id: string;
  @ApiProperty() version: string;
  @ApiProperty({ description: 'sha256 of the definition file the case follows' }) contentHash: string;
}

/** A step its co-signer sent back, waiting to be done again. */
export class StepReturnDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() comment: string;
  @ApiProperty({ type: PersonRefDto, description: 'the co-signer who sent it back' }) by: PersonRefDto;
  @ApiProperty({ type: PersonRefDto, description: 'who had completed the occurrence sent back' }) completedBy: PersonRefDto;
}

export class StepViewDto {
  @ApiProperty() stepId: string;
  @ApiProperty() phaseId: string;
  @ApiProperty({ enum: ['locked', 'available', 'done', 'skipped', 'overdue', 'awaiting_signature'] }) status: string;
  @ApiProperty({ description: 'someone can perform the step now' }) actionable: boolean;
  @ApiPropertyOptional({ description: 'why locked or skipped, e.g. not_applicable, waiting_for:<stepId>' }) reason?: string;
  @ApiPropertyOptional({ format: 'date-time' }) dueAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) warnAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) escalateAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) completedAt?: string;
  @ApiProperty() occurrences: number;
  @ApiPropertyOptional() signatureRole?: string;
  @ApiPropertyOptional({ type: StepReturnDto, description: 'set while the step waits to be done again after its co-signer sent it back' })
  returned?: StepReturnDto;
}

export class ActionDto {
  @ApiProperty({ enum: ['complete_step', 'sign_step', 'return_step', 'reopen_case'] }) kind: string;
  @ApiPropertyOptional() stepId?: string;
  @ApiProperty({ type: [String] }) roles: string[];
}

export class CaseAccessDto {
  @ApiProperty() restricted: boolean;
  @ApiProperty({ type: [PersonRefDto], description: 'the people named on the restriction (besides the principal)' })
  members: PersonRefDto[];
  @ApiProperty({ description: 'the signed-in user may restrict the case or lift its restriction' }) canChange: boolean;
}

/** Danger signs ticked by whoever logged the incident, for the danger check (cases/danger.ts). */
export class ReportedDangerDto {
  @ApiProperty({ type: [String], example: ['SELF_HARM'] }) flags: string[];
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: PersonRefDto }) by: PersonRefDto;
}

/**
 * The case is held: never purged while so (docs/retention.md). Placed by the principal (with a reason), or automatic
 * once the case was reported to the authorities (step authorities_alert), until a release.
 */
export class LegalHoldDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: PersonRefDto, description: 'the principal who placed it; for an automatic hold, who alerted the authorities' })
  by: PersonRefDto;
  @ApiProperty({ type: String, nullable: true, description: 'why (complaint, judicial request…); null for an automatic hold' })
  reason: string | null;
  @ApiProperty({
    enum: ['legal_hold', 'authorities_alert'],
    description: 'placed by the principal, or automatic after an authorities alert',
  })
  kind: 'legal_hold' | 'authorities_alert';
}

export class CaseDetailDto {
  @ApiProperty({ type: CaseSummaryDto }) case: CaseSummaryDto;
  @ApiProperty({ type: ProtocolRefDto }) protocol: ProtocolRefDto;
  @ApiProperty({ description: 'send it back as expectedSeq with the next write' }) lastEventSeq: number;
  @ApiProperty() state: string;
  @ApiProperty() closed: boolean;
  @ApiProperty({
    type: 'object',
    description: 'facts of the case set by its steps: { fact: value }',
    additionalProperties: {
      oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }],
    },
  })
  facts: Record<string, string | number | boolean | string[]>;
  @ApiProperty({ type: [StepViewDto] }) steps: StepViewDto[];
  @ApiProperty({ type: [ActionDto], description: 'what the signed-in user may do now' }) actions: ActionDto[];
  @ApiProperty({ type: [String] }) overdue: string[];
  @ApiProperty() canClose: boolean;
  @ApiProperty({ description: "the protocol's closure condition holds (e.g. a positive last follow-up)" }) closureConditionMet: boolean;
  @ApiProperty({ type: [String] }) missingForClosure: string[];
  @ApiProperty({ type: CaseAccessDto }) access: CaseAccessDto;
  @ApiProperty({ type: ReportedDangerDto, nullable: true, description: 'danger signs reported at intake (null: none)' })
  reportedDanger: ReportedDangerDto | null;
  @ApiProperty({ type: LegalHoldDto, nullable: true, description: 'the hold that keeps the case from the retention purge (null: none)' })
  legalHold: LegalHoldDto | null;
  @ApiProperty({ description: 'the signed-in user may place or release a legal hold (the principal)' })
  canChangeLegalHold: boolean;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'when the retention purge anonymised the case (null: never)',
  })
  anonymisedAt: string | null;
}

/** A member of the school's staff who may be put in charge of a case. */
export class StaffMemberDto {
  @ApiProperty() id: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: [String], example: ['coordinator'] }) roles: string[];
}

export class TimelineActorDto {
  @ApiProperty() id: string;
  @ApiProperty() displayName: string;
  @ApiProperty() role: string;
}

export class TimelineEventDto {
  @ApiProperty() seq: number;
  @ApiProperty() type: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: TimelineActorDto }) actor: TimelineActorDto;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload: Record<string, unknown>;
}

export class DueStepDto {
  @ApiProperty() caseId: string;
  @ApiProperty() reference: string;
  @ApiProperty() title: string;
  @ApiProperty() stepId: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) stepTitle: Record<string, string>;
  @ApiPropertyOptional({ format: 'date-time' }) dueAt?: string;
  @ApiProperty({ enum: ['overdue', 'due_soon', 'upcoming'] }) urgency: 'overdue' | 'due_soon' | 'upcoming';
  @ApiProperty({ type: [String] }) roles: string[];
}
