/** Semantic checks: unique ids, references that resolve, facts and their values, labels in every language. */
import { factReferences } from '../conditions';
import { LANGUAGES, PLATFORM_GUIDES, type Condition, type FieldDef, type ProtocolDefinition } from '../types';
import type { DefinitionError } from './errors';
import { conditionsOf, localizedTexts, stepsWithPaths, type Located } from './walk';

export type Report = (path: string, message: string) => void;

function checkUnique(ids: { id: string; path: string }[], kind: string, report: Report): void {
  const seen = new Map<string, string>();
  for (const { id, path } of ids) {
    const first = seen.get(id);
    if (first !== undefined) report(`${path}/id`, `duplicate ${kind} id '${id}' (first defined at ${first})`);
    else seen.set(id, path);
  }
}

function checkIds(def: ProtocolDefinition, report: Report): void {
  checkUnique(
    def.states.map((s, i) => ({ id: s.id, path: `/states/${i}` })),
    'state',
    report,
  );
  checkUnique(
    def.roles.map((r, i) => ({ id: r.id, path: `/roles/${i}` })),
    'role',
    report,
  );
  checkUnique(
    def.phases.map((p, i) => ({ id: p.id, path: `/phases/${i}` })),
    'phase',
    report,
  );
  const steps = stepsWithPaths(def);
  checkUnique(
    steps.map((s) => ({ id: s.value.id, path: s.path })),
    'step',
    report,
  );
  for (const step of steps) {
    const fields = step.value.form?.fields ?? [];
    checkUnique(
      fields.map((f, i) => ({ id: f.id, path: `${step.path}/form/fields/${i}` })),
      'field',
      report,
    );
    fields.forEach((f, i) =>
      checkUnique(
        (f.options ?? []).map((o, k) => ({ id: o.value, path: `${step.path}/form/fields/${i}/options/${k}` })),
        'option',
        () => report(`${step.path}/form/fields/${i}/options`, `duplicate option value in field '${f.id}'`),
      ),
    );
    const items = step.value.checklist?.items ?? [];
    checkUnique(
      items.map((item, i) => ({ id: item.id, path: `${step.path}/checklist/items/${i}` })),
      'checklist item',
      report,
    );
  }
  const initial = def.states.filter((s) => s.initial === true).length;
  if (initial !== 1) report('/states', `exactly one state must be initial (found ${initial})`);
  if (!def.states.some((s) => s.closed === true)) report('/states', 'at least one state must be closed');
}

function checkRefs(def: ProtocolDefinition, report: Report): void {
  const roles = new Set(def.roles.map((r) => r.id));
  const states = new Set(def.states.map((s) => s.id));
  const steps = new Set(stepsWithPaths(def).map((s) => s.value.id));
  const role = (id: string, path: string): void => void (roles.has(id) || report(path, `unknown role '${id}'`));
  const state = (id: string, path: string): void => void (states.has(id) || report(path, `unknown state '${id}'`));
  def.closure.signOffRoles.forEach((r, i) => role(r, `/closure/signOffRoles/${i}`));
  def.reopen.roles.forEach((r, i) => role(r, `/reopen/roles/${i}`));
  state(def.reopen.to, '/reopen/to');
  for (const { value: s, path } of stepsWithPaths(def)) {
    s.roles.forEach((r, i) => role(r, `${path}/roles/${i}`));
    s.availableIn.forEach((st, i) => state(st, `${path}/availableIn/${i}`));
    (s.transitions ?? []).forEach((t, i) => state(t.to, `${path}/transitions/${i}/to`));
    if (s.secondSignature) role(s.secondSignature.role, `${path}/secondSignature/role`);
    (s.deadline?.escalateAfter?.notify ?? []).forEach((r, i) => role(r, `${path}/deadline/escalateAfter/notify/${i}`));
    (s.after ?? []).forEach((a, i) => {
      if (a === s.id) report(`${path}/after/${i}`, `step '${s.id}' cannot come after itself`);
      else if (!steps.has(a)) report(`${path}/after/${i}`, `unknown step '${a}'`);
    });
    const from = s.deadline?.from;
    if (from?.startsWith('step:') && !steps.has(from.slice(5))) report(`${path}/deadline/from`, `unknown step '${from.slice(5)}'`);
    if (from?.startsWith('state:')) state(from.slice(6), `${path}/deadline/from`);
    const fieldIds = new Set((s.form?.fields ?? []).map((f) => f.id));
    for (const [fact, fieldId] of Object.entries(s.sets ?? {})) {
      if (!fieldIds.has(fieldId)) report(`${path}/sets/${fact}`, `unknown field '${fieldId}' in step '${s.id}'`);
    }
  }
}

function checkFields(def: ProtocolDefinition, report: Report): void {
  for (const { value: s, path } of stepsWithPaths(def)) {
    (s.form?.fields ?? []).forEach((f, i) => {
      const at = `${path}/form/fields/${i}`;
      const needsOptions = f.type === 'choice' || f.type === 'multiChoice';
      if (needsOptions && !f.options) report(at, `field '${f.id}' of type ${f.type} needs options`);
      if (!needsOptions && f.options) report(`${at}/options`, `options are only for choice and multiChoice fields`);
      if (f.min !== undefined && f.max !== undefined && f.min > f.max) report(`${at}/min`, `min (${f.min}) is greater than max (${f.max})`);
      if (f.pattern !== undefined) {
        try {
          new RegExp(f.pattern, 'u');
        } catch {
          report(`${at}/pattern`, `pattern is not a valid regular expression`);
        }
      }
    });
  }
}

export interface FactInfo {
  fields: FieldDef[];
  /** Path of each `sets` entry that sets the fact. */
  paths: string[];
}

export function factTable(def: ProtocolDefinition): Map<string, FactInfo> {
  const table = new Map<string, FactInfo>();
  for (const { value: s, path } of stepsWithPaths(def)) {
    for (const [fact, fieldId] of Object.entries(s.sets ?? {})) {
      const field = s.form?.fields.find((f) => f.id === fieldId);
      if (!field) continue;
      const info = table.get(fact) ?? { fields: [], paths: [] };
      info.fields.push(field);
      info.paths.push(`${path}/sets/${fact}`);
      table.set(fact, info);
    }
  }
  return table;
}

function checkFacts(def: ProtocolDefinition, report: Report): void {
  const table = factTable(def);
  for (const [fact, info] of table) {
    const types = new Set(info.fields.map((f) => (f.type === 'choice' || f.type === 'multiChoice' ? 'choice' : f.type)));
    if (types.size > 1)
      report(info.paths[info.paths.length - 1] ?? '', `fact '${fact}' is set by fields of different types (${[...types].join(', ')})`);
  }
  const protocolConditions: Located<Condition>[] = def.closure.requires
    ? [{ value: def.closure.requires.when, path: '/closure/requires/when' }]
    : [];
  const located = [...stepsWithPaths(def).flatMap((step) => conditionsOf(step)), ...protocolConditions];
  checkConditionFacts(table, located, report);
}

/** The facts each condition reads must be set by a step, and compared with values that fact can take. */
export function checkConditionFacts(table: Map<string, FactInfo>, located: Located<Condition>[], report: Report): void {
  for (const condition of located) {
    for (const ref of factReferences(condition.value, condition.path)) {
      const info = table.get(ref.fact);
      if (!info) {
        report(`${ref.path}/fact`, `unknown fact '${ref.fact}' (no step sets it)`);
        continue;
      }
      const c = ref.condition;
      const values = 'equals' in c ? [c.equals] : 'in' in c ? c.in : 'intersects' in c ? c.intersects : [];
      const isYesNo = info.fields.every((f) => f.type === 'yesNo');
      const options = info.fields.every((f) => f.options)
        ? new Set(info.fields.flatMap((f) => (f.options ?? []).map((o) => o.value)))
        : undefined;
      for (const v of values) {
        if (isYesNo && typeof v !== 'boolean') report(ref.path, `fact '${ref.fact}' is yes/no: compare it with true or false`);
        else if (options && !options.has(String(v))) report(ref.path, `value '${String(v)}' is not an option of fact '${ref.fact}'`);
      }
    }
  }
}

function checkLabels(def: ProtocolDefinition, report: Report): void {
  for (const { value, path } of localizedTexts(def, '')) {
    for (const lang of LANGUAGES) {
      const text = value[lang];
      if (typeof text !== 'string' || text.trim() === '') report(`${path}/${lang}`, `text in '${lang}' is empty`);
    }
  }
}

function checkClosure(def: ProtocolDefinition, report: Report): void {
  const closed = new Set(def.states.filter((s) => s.closed).map((s) => s.id));
  const signers = def.closure.signOffRoles;
  for (const { value: s, path } of stepsWithPaths(def)) {
    const index = (s.transitions ?? []).findIndex((t) => closed.has(t.to));
    if (index < 0) continue;
    const byRole = s.roles.every((r) => signers.includes(r));
    const bySignature = s.secondSignature !== undefined && s.secondSignature.when === undefined && signers.includes(s.secondSignature.role);
    if (!byRole && !bySignature) {
      report(`${path}/transitions/${index}/to`, `step '${s.id}' closes the case without sign-off by ${signers.join(' or ')}`);
    }
  }
}

/** Description-only evidence needs a required text field for the description, asked whenever the mode applies. */
function checkEvidence(def: ProtocolDefinition, report: Report): void {
  for (const { value: s, path } of stepsWithPaths(def)) {
    const policy = s.evidence;
    if (!policy) continue;
    const at = `${path}/evidence`;
    if (policy.uploads === 'descriptionOnly' && policy.descriptionOnlyWhen !== undefined)
      report(
        `${at}/descriptionOnlyWhen`,
        `descriptionOnlyWhen is only useful with uploads: allowed (this step is already description only)`,
      );
    const needsDescription = policy.uploads === 'descriptionOnly' || policy.descriptionOnlyWhen !== undefined;
    if (!needsDescription) continue;
    if (policy.descriptionField === undefined) {
      report(at, `description-only evidence needs a descriptionField (the required text field holding the description)`);
      continue;
    }
    const field = s.form?.fields.find((f) => f.id === policy.descriptionField);
    if (!field) {
      report(`${at}/descriptionField`, `unknown field '${policy.descriptionField}' in step '${s.id}'`);
      continue;
    }
    if (field.type !== 'text' && field.type !== 'longText')
      report(`${at}/descriptionField`, `field '${field.id}' must be a text or longText field to hold a written description`);
    const asked =
      field.when === undefined ||
      (policy.uploads === 'allowed' && JSON.stringify(field.when) === JSON.stringify(policy.descriptionOnlyWhen));
    if (!field.required || !asked)
      report(
        `${at}/descriptionField`,
        `field '${field.id}' must be required whenever the step is description only (required: true, and no when or the same condition as descriptionOnlyWhen)`,
      );
  }
}

/** Platform guides must be known guides; directory ids are checked against the seeded directory by the application. */
function checkResources(def: ProtocolDefinition, report: Report): void {
  const guides: readonly string[] = PLATFORM_GUIDES;
  for (const { value: s, path } of stepsWithPaths(def)) {
    (s.resources?.guides ?? []).forEach((g, i) => {
      if (!guides.includes(g)) report(`${path}/resources/guides/${i}`, `unknown platform guide '${g}' (use one of: ${guides.join(', ')})`);
    });
  }
}

export function checkReferences(def: ProtocolDefinition, file: string): DefinitionError[] {
  const errors: DefinitionError[] = [];
  const report: Report = (path, message) => errors.push({ file, path, message });
  checkIds(def, report);
  checkRefs(def, report);
  checkFields(def, report);
  checkFacts(def, report);
  checkLabels(def, report);
  checkClosure(def, report);
  checkEvidence(def, report);
  checkResources(def, report);
  return errors;
}
