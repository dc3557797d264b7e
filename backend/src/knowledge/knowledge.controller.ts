import { Controller, Get, Inject } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { directoryFor, referenceData } from '@sanad/seeds';
import { DataSource } from 'typeorm';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { SessionUser } from '../common/request-context';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { Province, Region, School } from '../organisation/organisation.entities';

/**
 * The knowledge base shown inside the steps: cyberviolence types, tiers, platform reporting guides, the
 * escalation directory of the user's academy (national entries plus the academy's own) and the articles for staff and
 * families (shown with the cases of the types they are for).
 */
@ApiTags('knowledge')
@ApiCookieAuth(SESSION_COOKIE)
@Controller('knowledge')
export class KnowledgeController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async regionCode(user: SessionUser): Promise<string | null> {
    if (user.regionId) return (await this.db.getRepository(Region).findOneBy({ id: user.regionId }))?.code ?? null;
    if (!user.schoolId) return null;
    const row = await this.db
      .createQueryBuilder()
      .select('r.code', 'code')
      .from(School, 's')
      .innerJoin(Province, 'p', 'p.id = s.provinceId')
      .innerJoin(Region, 'r', 'r.id = p.regionId')
      .where('s.id = :id', { id: user.schoolId })
      .getRawOne<{ code: string }>();
    return row?.code ?? null;
  }

  @Get()
  @ApiOkResponse({ description: '{ taxonomy, platforms, directory, levels, articles }, every text in fr, ar and en' })
  async get(@CurrentUser() user: SessionUser) {
    const region = await this.regionCode(user);
    return {
      region,
      taxonomy: referenceData.taxonomy,
      platforms: { captureAlways: referenceData.platformGuides.captureAlways, guides: referenceData.platformGuides.guides },
      directory: directoryFor(region, { includeDemo: this.config.seedDemo }),
      levels: referenceData.levels,
      articles: referenceData.articles.articles,
    };
  }
}
