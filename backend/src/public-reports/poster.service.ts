import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PosterData } from '@sanad/templates/host';
import { DataSource } from 'typeorm';
import { intakeScope } from '../access';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DocumentsService } from '../documents/documents.service';
import { Province, Region, School } from '../organisation/organisation.entities';
import { helplines } from './public-reports.service';

/** The address of a school's public page, as the QR code holds it. */
export function publicPageLink(baseUrl: string, schoolCode: string): string {
  return `${baseUrl}/report/${encodeURIComponent(schoolCode)}`;
}

/**
 * The A4 poster of a school's public reporting page (docs/public-reporting.md): the QR code of the page, the short
 * link written out, the helplines and the emergency number, in French or Arabic. For the school's staff.
 */
@Injectable()
export class PosterService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly documents: DocumentsService,
    private readonly audit: AuditService,
  ) {}

  async poster(user: SessionUser, lang: 'fr' | 'ar', ip: string | null): Promise<{ pdf: Buffer; filename: string }> {
    const { schoolId } = intakeScope(user);
    const org = await this.db
      .createQueryBuilder()
      .select('s.code', 'code')
      .addSelect('s.nameFr', 'schoolFr')
      .addSelect('s.nameAr', 'schoolAr')
      .addSelect('p.nameFr', 'provinceFr')
      .addSelect('p.nameAr', 'provinceAr')
      .addSelect('p.nameEn', 'provinceEn')
      .addSelect('r.nameFr', 'regionFr')
      .addSelect('r.nameAr', 'regionAr')
      .addSelect('r.nameEn', 'regionEn')
      .addSelect('r.code', 'regionCode')
      .from(School, 's')
      .innerJoin(Province, 'p', 'p.id = s.provinceId')
      .innerJoin(Region, 'r', 'r.id = p.regionId')
      .where('s.id = :id', { id: schoolId })
      .getRawOne<Record<string, string>>();
    if (!org) throw new DomainError('NO_SCHOOL_SCOPE');
    const link = publicPageLink(this.config.publicReports.baseUrl, org.code);
    const data: PosterData = {
      organisation: {
        academy: { fr: org.regionFr, ar: org.regionAr, en: org.regionEn },
        province: { fr: org.provinceFr, ar: org.provinceAr, en: org.provinceEn },
        school: { fr: org.schoolFr, ar: org.schoolAr, en: org.schoolFr },
      },
      school: { code: org.code },
      link,
      shortLink: link.replace(/^https?:\/\//, ''),
      helplines: helplines(org.regionCode).map((h) => ({
        name: h.name,
        phone: h.phone ?? null,
        whatsapp: h.whatsapp ?? null,
        url: h.url ?? null,
      })),
    };
    const pdf = await this.documents.render('poster', lang, data);
    await this.audit.record({ action: 'export', actor: user, ip, details: { template: 'poster', lang } });
    return { pdf, filename: `${org.code}-affiche-${lang}.pdf` };
  }
}
