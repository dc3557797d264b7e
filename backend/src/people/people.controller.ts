import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { SessionUser } from '../common/request-context';
import { CreatePersonDto, PeopleDto, PersonDto, UpdatePersonDto } from './dto';
import { PeopleService } from './people.service';

/** People involved in a case, with their pseudonymous codes. Thin: rules are in PeopleService. */
@ApiTags('cases')
@ApiCookieAuth(SESSION_COOKIE)
@Controller('cases/:id/people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @ApiOkResponse({ type: PeopleDto })
  async list(@CurrentUser() user: SessionUser, @Param('id') caseId: string): Promise<PeopleDto> {
    return { items: await this.people.list(user, caseId) };
  }

  @Post()
  @ApiCreatedResponse({ type: PersonDto, description: 'The person, with the next free code of the role (E1, A1, W1, R1…)' })
  add(
    @CurrentUser() user: SessionUser,
    @Param('id') caseId: string,
    @Body() body: CreatePersonDto,
    @Req() req: Request,
  ): Promise<PersonDto> {
    return this.people.add(user, caseId, body, req.ip ?? null);
  }

  @Patch(':personId')
  @ApiOkResponse({ type: PersonDto })
  update(
    @CurrentUser() user: SessionUser,
    @Param('id') caseId: string,
    @Param('personId') personId: string,
    @Body() body: UpdatePersonDto,
    @Req() req: Request,
  ): Promise<PersonDto> {
    return this.people.update(user, caseId, personId, body, req.ip ?? null);
  }

  @Delete(':personId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed from the case (the code is not given again)' })
  remove(
    @CurrentUser() user: SessionUser,
    @Param('id') caseId: string,
    @Param('personId') personId: string,
    @Req() req: Request,
  ): Promise<void> {
    return this.people.remove(user, caseId, personId, req.ip ?? null);
  }
}
