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
  @ApiProperty({ type: PersonRefDto, nullable: true, description: 'the member of the resource team in charge (null: nobody yet)' })
  assignee: PersonRefDto | null;
  @ApiProperty({ description: 'only the people named on it and the principal see the case' }) restricted: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'T2' }) tier: string | null;
  @ApiProperty({ type: [String], example: ['INSULT', 'MOBBING'] }) types: string[];
  @ApiProperty({ type: [String], example: ['INSTAGRAM'] }) platforms: string[];
  @ApiProperty({ type: String, nullable: true, description: 'earliest deadline among the open steps' }) nextDueAt: string | null;
  @ApiProperty({ description: 'an open step is past its deadline' }) overdue: boolean;
  @ApiProperty({ type: [String], description: "steps waiting for the principal's signature, review or sign-off" })
  awaitingPrincipal: string[];
}

export class CasePageDto {
  @ApiProperty({ type: [CaseSummaryDto] }) items: CaseSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
