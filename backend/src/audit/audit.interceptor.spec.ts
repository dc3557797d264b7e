import { caseAuditAction } from './audit.interceptor';

describe('caseAuditAction', () => {
  const table: [string, string, string | null][] = [
    ['GET', '/api/cases', 'case.list'],
    ['GET', '/api/cases/due', 'case.list'],
    ['GET', '/api/cases/5a0d0004-0000-4000-8000-000000000001', 'case.read'],
    ['GET', '/api/cases/5a0d0004-0000-4000-8000-000000000001/timeline', 'case.read'],
    ['POST', '/api/cases', 'case.write'],
    ['POST', '/api/cases/x/steps/intake', 'case.write'],
    // documents: the export is audited by DocumentsService as `export`, listing them is not case content
    ['GET', '/api/cases/x/documents', null],
    ['POST', '/api/cases/x/documents/case-file', null],
    ['GET', '/api/health', null],
    ['GET', '/api/protocols', null],
  ];
  for (const [method, path, action] of table) {
    it(`${method} ${path} → ${String(action)}`, () => expect(caseAuditAction(method, path)).toBe(action as never));
  }
});
