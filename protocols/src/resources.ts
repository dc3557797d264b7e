/** What a step shows and accepts beyond its form: contacts and guides, evidence policy, retention of the file. */
import { holds, type Facts } from './conditions';
import { allSteps, PLATFORM_GUIDES, type ProtocolDefinition, type StepDef } from './types';

/** `none`: the step takes no evidence; `allowed`: files may be attached; `descriptionOnly`: a written description, never a file. */
export type EvidenceMode = 'none' | 'allowed' | 'descriptionOnly';

/** The evidence mode of a step for the current case facts (the future evidence vault reads this). */
export function evidenceMode(step: StepDef, facts: Facts): EvidenceMode {
  const policy = step.evidence;
  if (!policy) return 'none';
  if (policy.uploads === 'descriptionOnly') return 'descriptionOnly';
  return policy.descriptionOnlyWhen !== undefined && holds(policy.descriptionOnlyWhen, facts) ? 'descriptionOnly' : 'allowed';
}

export interface ResolvedResources {
  /** Escalation directory entry ids, in the order of the definition. */
  directory: string[];
  /** Platform guide ids: the step's fixed guides, then the case's platforms when `platforms: true`. */
  guides: string[];
}

/** Platforms recorded in the case: values of every fact set from a `platform` field. */
function casePlatforms(def: ProtocolDefinition, facts: Facts): string[] {
  const names = new Set<string>();
  for (const step of allSteps(def)) {
    for (const [fact, fieldId] of Object.entries(step.sets ?? {})) {
      if (step.form?.fields.some((f) => f.id === fieldId && f.type === 'platform')) names.add(fact);
    }
  }
  const values = [...names].flatMap((name) => {
    const value = facts[name];
    return Array.isArray(value) ? value : value === undefined ? [] : [String(value)];
  });
  return values.filter((v) => (PLATFORM_GUIDES as readonly string[]).includes(v));
}

/** Contacts and reporting guides to show with a step, for the current case facts. */
export function stepResources(def: ProtocolDefinition, step: StepDef, facts: Facts): ResolvedResources {
  const resources = step.resources;
  if (!resources) return { directory: [], guides: [] };
  const guides = [...(resources.guides ?? []), ...(resources.platforms === true ? casePlatforms(def, facts) : [])];
  return { directory: [...(resources.directory ?? [])], guides: [...new Set(guides)] };
}

/** Date (YYYY-MM-DD) until which a case closed at `closedAt` is kept read-only, or undefined when the protocol sets none. */
export function retentionUntil(def: ProtocolDefinition, closedAt: string): string | undefined {
  const retention = def.metadata.retention;
  const closed = new Date(closedAt);
  if (!retention || Number.isNaN(closed.getTime())) return undefined;
  const until = new Date(Date.UTC(closed.getUTCFullYear() + retention.years, closed.getUTCMonth(), closed.getUTCDate()));
  return until.toISOString().slice(0, 10);
}
