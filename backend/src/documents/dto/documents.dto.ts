import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RENDER_LANGS, type RenderLang } from '@sanad/templates/host';
import { Check } from '../../common/check.decorator';
import { CASE_TEMPLATES } from '../case-documents';

/** What to download: the language of the file and, for files that leave the school, a password. */
export class ExportDocumentDto {
  @ApiProperty({ enum: RENDER_LANGS, description: 'fr+ar: the French version then the Arabic one in one file' })
  @Check((v) => (typeof v === 'string' && (RENDER_LANGS as readonly string[]).includes(v) ? null : 'document.lang.invalid'))
  lang: RenderLang;

  @ApiPropertyOptional({ minLength: 8, maxLength: 128, description: 'protects the PDF (AES-256): needed to open it' })
  @Check((v) => (v === undefined || (typeof v === 'string' && v.length >= 8 && v.length <= 128) ? null : 'document.password.length'))
  password?: string;
}

export class DocumentTitleDto {
  @ApiProperty() fr: string;
  @ApiProperty() ar: string;
  @ApiProperty() en: string;
}

/** One document of a case, as the case page lists it. */
export class CaseDocumentDto {
  @ApiProperty({ enum: CASE_TEMPLATES, description: 'the name to ask for: POST /api/cases/:id/documents/:template' })
  template: string;
  @ApiProperty({ nullable: true, type: String, description: 'protocol code D1–D12; null for the full file and the academy report' })
  code: string | null;
  @ApiProperty({ type: DocumentTitleDto }) title: DocumentTitleDto;
  @ApiProperty() available: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'why not yet, e.g. no_escalation, not_closed' })
  reason: string | null;
  @ApiProperty({ description: 'the document leaves the school: codes only, never a name; a password is advised' })
  leavesSchool: boolean;
}
