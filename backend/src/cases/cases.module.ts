import { Module } from '@nestjs/common';
import { CaseWorkflowController } from './case-workflow.controller';
import { CaseWorkflowService } from './case-workflow.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  // the workflow controller's /cases/due must be registered before /cases/:id
  controllers: [CasesController, CaseWorkflowController],
  providers: [CasesService, CaseWorkflowService],
  exports: [CaseWorkflowService, CasesService],
})
export class CasesModule {}
