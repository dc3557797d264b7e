import { allSteps } from '@sanad/protocols';
import type { LoadedDefinition } from '@sanad/protocols/node';
import { referenceData } from '@sanad/seeds';

/**
 * Every directory entry and platform guide a protocol step points to must exist in the knowledge base
 * (seeds/data/reference): otherwise a teacher would be sent to a contact that is not there. Checked at start.
 */
export function missingResources(definitions: LoadedDefinition[]): string[] {
  const directory = new Set(
    [...referenceData.directory.national, ...Object.values(referenceData.directory.regions).flat()].map((e) => e.id),
  );
  const guides = new Set(referenceData.platformGuides.guides.map((g) => g.code));
  const problems: string[] = [];
  for (const { definition, file } of definitions) {
    for (const step of allSteps(definition)) {
      const r = step.resources;
      if (!r) continue;
      for (const id of r.directory ?? [])
        if (!directory.has(id))
          problems.push(`${file}: step ${step.id} names directory entry ${id}, which is not in seeds/data/reference/directory.json`);
      for (const id of r.guides ?? [])
        if (!guides.has(id))
          problems.push(`${file}: step ${step.id} names platform guide ${id}, which is not in seeds/data/reference/platforms.json`);
    }
  }
  return problems;
}
