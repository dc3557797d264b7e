import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator';
import { SESSION_COOKIE } from '../auth/auth.guard';
import type { SessionUser } from '../common/request-context';
import { CasesService } from './cases.service';
import { CasePageDto, CaseSummaryDto } from './dto/case-summary.dto';
import { CreateCaseDto } from './dto/create-case.dto';
import { ListCasesQuery } from './dto/list-cases.query';

@ApiTags('cases')
@ApiCookieAuth(SESSION_COOKIE)
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  @ApiOkResponse({ type: CasePageDto, description: "The cases of the user's school: filters, sorting (newest first by default), pages" })
  list(@CurrentUser() user: SessionUser, @Query() query: ListCasesQuery): Promise<CasePageDto> {
    return this.cases.list(user, query);
  }

  @Post()
  @ApiCreatedResponse({ type: CaseSummaryDto })
  create(@CurrentUser() user: SessionUser, @Body() body: CreateCaseDto): Promise<CaseSummaryDto> {
    return this.cases.create(user, body);
  }
}
