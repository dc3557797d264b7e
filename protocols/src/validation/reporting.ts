/** Checks of a `reporting` section (in a definition, or in the protocol's reporting.yaml) against one definition. */
import Ajv2020 from 'ajv/dist/2020';
import schema from '../../schema/protocol.schema.json';
import { SCHOOL_SUMMARY_KIND, type Condition, type ProtocolDefinition, type ReportingDef } from '../types';
import type { DefinitionError } from './errors';
import { checkConditionFacts, factTable, type Report } from './references';
import { checkSchemaWith } from './schema-check';
import { stepsWithPaths, type Located } from './walk';

const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
ajv.addSchema(schema);
const validateReporting = ajv.getSchema(`${schema.$id}#/$defs/reporting`);

/**
 * The semantic rules of a reporting section: unique transmission ids (not the reserved `school_summary`), steps
 * of `after` that exist in the definition, conditions on facts the definition sets with values they can take.
 * `base` is the JSON pointer of the section (`/reporting` in a definition, '' in reporting.yaml).
 */
export function checkReportingRules(
  def: ProtocolDefinition,
  reporting: ReportingDef,
  file: string,
  base = '/reporting',
): DefinitionError[] {
  const errors: DefinitionError[] = [];
  const report: Report = (path, message) => errors.push({ file, path, message });
  const steps = new Set(stepsWithPaths(def).map((s) => s.value.id));
  const seen = new Set<string>();
  const conditions: Located<Condition>[] = [];
  reporting.transmissions.forEach((t, i) => {
    const path = `${base}/transmissions/${i}`;
    if (t.id === SCHOOL_SUMMARY_KIND) report(`${path}/id`, `'${SCHOOL_SUMMARY_KIND}' is reserved for the periodic school summaries`);
    else if (seen.has(t.id)) report(`${path}/id`, `duplicate transmission id '${t.id}'`);
    seen.add(t.id);
    t.after.forEach((stepId, k) => {
      if (!steps.has(stepId)) report(`${path}/after/${k}`, `unknown step '${stepId}'`);
    });
    for (const lang of ['fr', 'ar', 'en'] as const) {
      if (!t.label[lang]?.trim()) report(`${path}/label/${lang}`, `text in '${lang}' is empty`);
    }
    if (t.when) conditions.push({ value: t.when, path: `${path}/when` });
  });
  checkConditionFacts(factTable(def), conditions, report);
  return errors;
}

/**
 * Checks a protocol's reporting.yaml (already parsed): its shape (the schema's `reporting` definition), then its
 * rules against one version of the protocol.
 */
export function checkReportingFile(
  def: ProtocolDefinition,
  data: unknown,
  file: string,
): { reporting?: ReportingDef; errors: DefinitionError[] } {
  if (!validateReporting) throw new Error('protocol.schema.json has no $defs/reporting');
  const shape = checkSchemaWith(validateReporting, data, file);
  if (shape.length) return { errors: shape };
  const reporting = data as ReportingDef;
  const errors = checkReportingRules(def, reporting, file, '');
  return errors.length ? { errors } : { reporting, errors: [] };
}
