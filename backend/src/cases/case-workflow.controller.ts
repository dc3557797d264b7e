import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { SessionUser } from '../common/request-context';
import { CaseWorkflowService } from './case-workflow.service';
import { CaseDetailDto, DueStepDto, StaffMemberDto, TimelineEventDto } from './dto/case-detail.dto';
import {
  AssigneeDto,
  CompleteStepDto,
  CorrectionDto,
  DueQuery,
  MigrateDto,
  NoteDto,
  ReasonDto,
  RestrictionDto,
  ReturnStepDto,
  SignStepDto,
} from './dto/workflow.dto';

/**
 * A case's protocol workflow. Every write carries `expectedSeq` (the last event the client saw) and answers
 * with the recomputed case; a stale write gets 409 CONFLICT.
 */
@ApiTags('cases')
@ApiCookieAuth(SESSION_COOKIE)
@Controller('cases')
export class CaseWorkflowController {
  constructor(private readonly workflow: CaseWorkflowService) {}

  @Get('due')
  @ApiOkResponse({ type: [DueStepDto], description: 'Steps with a deadline, soonest first: overdue, due soon, upcoming' })
  due(@CurrentUser() user: SessionUser, @Query() query: DueQuery): Promise<DueStepDto[]> {
    return this.workflow.due(user, query.scope ?? 'mine');
  }

  @Get('staff')
  @ApiOkResponse({ type: [StaffMemberDto], description: "The school's staff who may be put in charge of a case" })
  staff(@CurrentUser() user: SessionUser): Promise<StaffMemberDto[]> {
    return this.workflow.staff(user);
  }

  @Get(':id')
  @ApiOkResponse({ type: CaseDetailDto })
  detail(@CurrentUser() user: SessionUser, @Param('id') id: string): Promise<CaseDetailDto> {
    return this.workflow.detail(user, id);
  }

  @Get(':id/timeline')
  @ApiOkResponse({ type: [TimelineEventDto] })
  timeline(@CurrentUser() user: SessionUser, @Param('id') id: string): Promise<TimelineEventDto[]> {
    return this.workflow.timeline(user, id);
  }

  @Post(':id/steps/:stepId')
  @HttpCode(200)
  @ApiOkResponse({ type: CaseDetailDto, description: 'Completes a step (form answers and checklist)' })
  complete(@CurrentUser() user: SessionUser, @Param('id') id: string, @Param('stepId') stepId: string, @Body() body: CompleteStepDto) {
    return this.workflow.completeStep(user, id, stepId, body.expectedSeq, body.answers, body.checklist);
  }

  @Post(':id/steps/:stepId/signature')
  @HttpCode(200)
  @ApiOkResponse({ type: CaseDetailDto, description: 'Second signature (or sign-off) of a step' })
  sign(@CurrentUser() user: SessionUser, @Param('id') id: string, @Param('stepId') stepId: string, @Body() body: SignStepDto) {
    return this.workflow.signStep(user, id, stepId, body.expectedSeq, body.comment);
  }

  @Post(':id/steps/:stepId/return')
  @HttpCode(200)
  @ApiOkResponse({ type: CaseDetailDto, description: 'The co-signer sends a step awaiting their signature back, with a comment' })
  sendBack(@CurrentUser() user: SessionUser, @Param('id') id: string, @Param('stepId') stepId: string, @Body() body: ReturnStepDto) {
    return this.workflow.returnStep(user, id, stepId, body.expectedSeq, body.comment);
  }

  @Post(':id/notes')
  @HttpCode(200)
  @ApiOkResponse({ type: CaseDetailDto })
  note(@CurrentUser() user: SessionUser, @Param('id') id: string, @Body() body: NoteDto) {
    return this.workflow.addNote(user, id, body.expectedSeq, body.text);
  }

  @Post(':id/corrections')
  @HttpCode(200)
  @ApiOkResponse({ type: CaseDetailDto, description: 'Corrects answers of an earlier step; the original stays in the timeline' })
  correct(@CurrentUser() user: SessionUser, @Param('id') id: string, @Body() body: CorrectionDto) {
    return this.workflow.correct(user, id, body.expectedSeq, body.refSeq, body.answers, body.reason);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOkResponse({ type: CaseDetailDto })
  reopen(@CurrentUser() user: SessionUser, @Param('id') id: string, @Body() body: ReasonDto) {
    return this.workflow.reopen(user, id, body.expectedSeq, body.reason);
  }

  @Post(':id/protocol-version')
  @HttpCode(200)
  @ApiOkResponse({ type: CaseDetailDto, description: 'Moves the case to another published version of its protocol, if safe' })
  migrate(@CurrentUser() user: SessionUser, @Param('id') id: string, @Body() body: MigrateDto) {
    return this.workflow.migrate(user, id, body.expectedSeq, body.toVersion, body.reason);
  }

  @Put(':id/assignee')
  @HttpCode(200)
  @ApiOkResponse({
    type: CaseDetailDto,
    description: 'Names the member of the team in charge of the case (or nobody). Coordinator or principal',
  })
  assign(@CurrentUser() user: SessionUser, @Param('id') id: string, @Body() body: AssigneeDto, @Ip() ip: string) {
    return this.workflow.assign(user, id, body.expectedSeq, body.assigneeId, ip ?? null);
  }

  @Put(':id/legal-hold')
  @HttpCode(200)
  @ApiOkResponse({
    type: CaseDetailDto,
    description: 'Places a legal hold (complaint, judicial request): never purged while held (docs/retention.md). Principal',
  })
  placeLegalHold(@CurrentUser() user: SessionUser, @Param('id') id: string, @Body() body: ReasonDto, @Ip() ip: string) {
    return this.workflow.placeLegalHold(user, id, body.expectedSeq, body.reason, ip ?? null);
  }

  @Delete(':id/legal-hold')
  @HttpCode(200)
  @ApiOkResponse({
    type: CaseDetailDto,
    description: 'Releases the legal hold, or the automatic hold of a case reported to the authorities, with a reason. Principal',
  })
  releaseLegalHold(@CurrentUser() user: SessionUser, @Param('id') id: string, @Body() body: ReasonDto, @Ip() ip: string) {
    return this.workflow.releaseLegalHold(user, id, body.expectedSeq, body.reason, ip ?? null);
  }

  @Put(':id/restriction')
  @HttpCode(200)
  @ApiOkResponse({
    type: CaseDetailDto,
    description: 'Restricts the case to named staff of its school (the principal always sees it), or lifts it. Coordinator or principal',
  })
  restrict(@CurrentUser() user: SessionUser, @Param('id') id: string, @Body() body: RestrictionDto, @Ip() ip: string) {
    return this.workflow.changeRestriction(user, id, body, ip ?? null);
  }
}
