import { Controller, Get, HttpCode } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../auth/public.decorator';
import { DomainError } from '../common/domain-error';

class HealthDto {
  @ApiProperty({ example: 'ok' }) status: 'ok';
  @ApiProperty({ example: 'ok' }) database: 'ok';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Liveness plus a real round trip to the database. 503 SERVICE_UNAVAILABLE when the database does not answer. */
  @Public()
  @Get()
  @HttpCode(200)
  @ApiOkResponse({ type: HealthDto })
  async health(): Promise<HealthDto> {
    try {
      await this.db.query('SELECT 1');
    } catch {
      throw new DomainError('SERVICE_UNAVAILABLE');
    }
    return { status: 'ok', database: 'ok' };
  }
}
