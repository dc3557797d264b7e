/** YAML parsing with positions in error messages. */
import { parseDocument } from 'yaml';
import type { DefinitionError } from './errors';

export function parseYaml(text: string, file: string): { data?: unknown; errors: DefinitionError[] } {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        const where = pos ? ` (line ${pos.line}, column ${pos.col})` : '';
        const reason = (e.message.split('\n')[0] ?? '').replace(/\s+at line \d+, column \d+:?$/, '');
        return { file, path: '', message: `YAML syntax error${where}: ${reason}` };
      }),
    };
  }
  return { data: doc.toJS(), errors: [] };
}
