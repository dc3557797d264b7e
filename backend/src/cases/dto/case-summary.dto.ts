import { ApiProperty } from '@nestjs/swagger';

export class PersonRefDto {
  @ApiProperty() id: string;
  @ApiProperty() displayName: string;
}

export class CaseSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '2026-0007' }) reference: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date' }) occurredOn: string;
  @ApiProperty({ example: 'REPORTED' }) state: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: PersonRefDto }) createdBy: PersonRefDto;
  @ApiProperty({ description: 'only the people named on it and the principal see the case' }) restricted: boolean;
}

export class CasePageDto {
  @ApiProperty({ type: [CaseSummaryDto] }) items: CaseSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
