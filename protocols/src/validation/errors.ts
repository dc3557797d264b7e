/** A problem found in a protocol file: which file, where (JSON pointer) and why, in plain words. */
export interface DefinitionError {
  file: string;
  /** JSON pointer into the definition, e.g. /phases/2/steps/0/deadline/from ('' = whole file). */
  path: string;
  message: string;
}

export function formatError(error: DefinitionError): string {
  return `${error.file}: ${error.path || '/'}: ${error.message}`;
}
