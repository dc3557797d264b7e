import { ApiProperty } from '@nestjs/swagger';

/**
 * One published count. For officers and administrators a count from 1 to 4 is suppressed (`reason: 'small'`,
 * shown "<5") and so is any cell that would let it be recomputed (`reason: 'complementary'`, shown "c"):
 * `value` is then null. Principals see their own school's exact counts (never suppressed).
 */
export class StatCellDto {
  @ApiProperty({ type: Number, nullable: true, description: 'null when suppressed' }) value: number | null;
  @ApiProperty() suppressed: boolean;
  @ApiProperty({
    type: String,
    enum: ['small', 'complementary'],
    nullable: true,
    description: '\'small\': 1 to 4 ("<5"); \'complementary\': hidden so that another cell cannot be recomputed ("c")',
  })
  reason: 'small' | 'complementary' | null;
}

export class LabelDto {
  @ApiProperty() fr: string;
  @ApiProperty() ar: string;
  @ApiProperty() en: string;
}

/** One cell of a breakdown: `key` is a code (type, tier, track, level, platform, YYYY-MM, province code, outcome), null for "not yet". */
export class StatRowDto extends StatCellDto {
  @ApiProperty({ type: String, nullable: true }) key: string | null;
  @ApiProperty({ type: LabelDto, required: false, description: 'provinces only: the name of the direction provinciale' })
  label?: LabelDto;
}

export class StatDurationDto {
  @ApiProperty({ type: StatCellDto, description: 'cases that reached this point (in the period and scope)' }) cases: StatCellDto;
  @ApiProperty({ type: Number, nullable: true, description: 'days, one decimal; null when suppressed or no case' }) medianDays:
    number | null;
  @ApiProperty({ type: Number, nullable: true }) p90Days: number | null;
  @ApiProperty({ description: 'computed on fewer than 5 cases: not shown' }) suppressed: boolean;
}

export class StatDurationsDto {
  @ApiProperty({ type: StatDurationDto, description: 'from the report to the triage' }) toTriage: StatDurationDto;
  @ApiProperty({ type: StatDurationDto, description: 'from the report to the first interview of the target pupil' })
  toFirstInterview: StatDurationDto;
  @ApiProperty({ type: StatDurationDto, description: 'from the report to the closure' }) toClosure: StatDurationDto;
}

export class StatOnTimeDto {
  @ApiProperty({ type: StatCellDto, description: 'steps with a deadline that were done' }) stepsDone: StatCellDto;
  @ApiProperty({ type: StatCellDto, description: 'of which by their deadline' }) stepsOnTime: StatCellDto;
  @ApiProperty({ type: Number, nullable: true, description: 'stepsOnTime / stepsDone, 0–1, three decimals' }) share: number | null;
  @ApiProperty() suppressed: boolean;
}

export class StatScopeDto {
  @ApiProperty({ enum: ['school', 'province', 'region', 'national'] }) kind: 'school' | 'province' | 'region' | 'national';
  @ApiProperty({ type: String, nullable: true, description: 'the school, province or region id; null for national' }) unitId: string | null;
}

export class StatFiltersDto {
  @ApiProperty({ type: String, nullable: true, format: 'date' }) from: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) to: string | null;
  @ApiProperty({ type: String, nullable: true }) regionId: string | null;
  @ApiProperty({ type: String, nullable: true }) provinceId: string | null;
  @ApiProperty({ type: String, nullable: true }) level: string | null;
}

export class StatBreakdownsDto {
  @ApiProperty({ type: [StatRowDto], description: 'cyberviolence types (a case may have several: cells do not add up)' })
  type: StatRowDto[];
  @ApiProperty({ type: [StatRowDto], description: 'T0–T3, null: not triaged yet' }) tier: StatRowDto[];
  @ApiProperty({ type: [StatRowDto], description: 'EDUCATIONAL, MPP, FORMAL, EMERGENCY; null: no track yet' }) track: StatRowDto[];
  @ApiProperty({ type: [StatRowDto], description: 'school level' }) level: StatRowDto[];
  @ApiProperty({ type: [StatRowDto], description: 'platforms (a case may have several)' }) platform: StatRowDto[];
  @ApiProperty({ type: [StatRowDto], description: 'month of report, YYYY-MM (Moroccan time), ascending' }) month: StatRowDto[];
  @ApiProperty({ type: [StatRowDto], description: 'direction provinciale (province code): academy and national viewers only, else empty' })
  province: StatRowDto[];
  @ApiProperty({ type: [StatRowDto], description: 'situation at the last follow-up: STOPPED, DECREASED, CONTINUED; null: none yet' })
  followUpOutcome: StatRowDto[];
  @ApiProperty({
    type: [StatRowDto],
    description: "sex of the case's target pupils (issue #13): female, male, mixed (both); null: not recorded",
  })
  targetSex: StatRowDto[];
  @ApiProperty({
    type: [StatRowDto],
    description: "sex of the case's presumed authors: female, male, mixed (both); null: not recorded or none",
  })
  authorSex: StatRowDto[];
  @ApiProperty({
    type: [StatRowDto],
    description: 'gender-based marker from triage: yes, no; null: not assessed (older protocol version or not yet)',
  })
  genderBased: StatRowDto[];
  @ApiProperty({
    type: [StatRowDto],
    description: 'AI-facilitated (AI_SEXUAL_IMAGE, MANIPULATED_MEDIA, VOICE_VIDEO_CLONE, INAUTHENTIC_ACCOUNTS among the types): yes, no',
  })
  aiFacilitated: StatRowDto[];
  @ApiProperty({
    type: [StatRowDto],
    description:
      'AI-facilitated cases per month of report (YYYY-MM, the months of `month`), protected together with `month` and `aiFacilitated`',
  })
  aiTrend: StatRowDto[];
}

/** A unit the viewer may filter on. */
export class StatUnitDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'RBT' }) code: string;
  @ApiProperty({ type: LabelDto }) label: LabelDto;
  @ApiProperty({ type: String, nullable: true, description: 'provinces: their academy' }) regionId: string | null;
}

/** The academies and directions provinciales inside the viewer's scope (not narrowed by the filters). */
export class StatUnitsDto {
  @ApiProperty({ type: [StatUnitDto], description: 'national viewers only' }) regions: StatUnitDto[];
  @ApiProperty({ type: [StatUnitDto], description: 'academy and national viewers' }) provinces: StatUnitDto[];
}

export class StatisticsDto {
  @ApiProperty({ type: StatScopeDto }) scope: StatScopeDto;
  @ApiProperty({ type: StatFiltersDto }) filters: StatFiltersDto;
  @ApiProperty({ type: StatUnitsDto, description: 'what the region and province filters may name' }) units: StatUnitsDto;
  @ApiProperty({ description: 'true for officers and administrators: small cells suppressed' }) disclosureControl: boolean;
  @ApiProperty({ example: 5 }) threshold: number;
  @ApiProperty({ type: StatCellDto }) total: StatCellDto;
  @ApiProperty({ type: StatCellDto }) open: StatCellDto;
  @ApiProperty({ type: StatCellDto }) closed: StatCellDto;
  @ApiProperty({ type: StatCellDto, description: 'schools with at least one case (never which ones)' }) schoolsWithCases: StatCellDto;
  @ApiProperty({ type: StatBreakdownsDto }) breakdowns: StatBreakdownsDto;
  @ApiProperty({ type: StatDurationsDto }) durations: StatDurationsDto;
  @ApiProperty({
    type: [String],
    description:
      'breakdowns left empty because they could not be protected (every case in cells under 5 that the total would pin, e.g. 4 + 4 = 8): type, tier, track, level, platform, month, province, followUpOutcome, targetSex, authorSex, genderBased, aiFacilitated, aiTrend, status',
  })
  withheld: string[];
  @ApiProperty({ type: StatOnTimeDto }) onTime: StatOnTimeDto;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
}
