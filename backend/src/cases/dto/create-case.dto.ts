import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Check, isCalendarDate, todayInMorocco } from '../../common/check.decorator';

export class CreateCaseDto {
  @ApiProperty({ minLength: 3, maxLength: 200, example: 'Insultes dans un groupe WhatsApp de classe' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @Check((v) => {
    if (v === undefined || v === null || v === '') return 'case.title.required';
    if (typeof v !== 'string') return 'validation.invalid';
    return v.length < 3 || v.length > 200 ? 'case.title.length' : null;
  })
  title: string;

  @ApiProperty({ format: 'date', example: '2026-11-20', description: 'Date of the facts (YYYY-MM-DD), not in the future' })
  @Check((v) => {
    if (v === undefined || v === null || v === '') return 'case.occurredOn.required';
    if (typeof v !== 'string' || !isCalendarDate(v)) return 'case.occurredOn.format';
    return v > todayInMorocco() ? 'case.occurredOn.future' : null;
  })
  occurredOn: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['SELF_HARM'],
    description: "danger signs ticked at intake (options of the protocol's danger check); alert the coordinators and the principal",
  })
  @Check((v) =>
    v === undefined || (Array.isArray(v) && v.length <= 20 && v.every((x) => typeof x === 'string' && /^[A-Z0-9_]{1,40}$/.test(x)))
      ? null
      : 'case.dangerSigns.invalid',
  )
  dangerSigns?: string[];
}
