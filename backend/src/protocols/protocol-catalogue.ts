import type { ProtocolDefinition } from '@sanad/protocols';
import { loadDefinitions, type LoadedDefinition } from '@sanad/protocols/node';
import type { DataSource } from 'typeorm';
import { nowIso } from '../database/columns';
import { ProtocolVersion } from './protocol-version.entity';

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const pb = b.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/**
 * Every protocol definition on disk (`protocols/definitions/<id>/<version>.yaml`), validated when loaded:
 * an invalid published definition stops the start with the file, path and reason.
 */
export class ProtocolCatalogue {
  private constructor(private readonly loaded: LoadedDefinition[]) {}

  static load(dir?: string): ProtocolCatalogue {
    return new ProtocolCatalogue(loadDefinitions(dir));
  }

  list(): LoadedDefinition[] {
    return [...this.loaded];
  }

  get(id: string, version: string): LoadedDefinition | undefined {
    return this.loaded.find((l) => l.definition.id === id && l.definition.version === version);
  }

  definition(id: string, version: string): ProtocolDefinition {
    const found = this.get(id, version);
    if (!found) throw new Error(`protocol ${id}@${version} is not available`);
    return found.definition;
  }

  /** The newest published version of a protocol: what new cases follow. */
  latestPublished(id: string): LoadedDefinition {
    const published = this.loaded.filter((l) => l.definition.id === id && l.definition.status === 'published');
    if (!published.length) throw new Error(`no published version of protocol "${id}" in protocols/definitions`);
    return published.sort((a, b) => compareVersions(b.definition.version, a.definition.version))[0];
  }
}

/**
 * Published versions are immutable: the first time a published version is seen its content hash is recorded;
 * later starts refuse a file whose hash changed. Also refuses to start if cases follow a version that is gone.
 */
export async function recordPublishedVersions(db: DataSource, catalogue: ProtocolCatalogue): Promise<string[]> {
  const repo = db.getRepository(ProtocolVersion);
  const recorded: string[] = [];
  for (const { definition, contentHash, file } of catalogue.list()) {
    if (definition.status !== 'published') continue;
    const existing = await repo.findOneBy({ protocolId: definition.id, version: definition.version });
    if (!existing) {
      await repo.insert({ protocolId: definition.id, version: definition.version, contentHash, recordedAt: nowIso() });
      recorded.push(`${definition.id}@${definition.version}`);
    } else if (existing.contentHash !== contentHash) {
      throw new Error(
        `protocols/definitions/${file}: published version ${definition.id}@${definition.version} was changed after publication ` +
          `(recorded sha256 ${existing.contentHash.slice(0, 12)}…, file ${contentHash.slice(0, 12)}…). ` +
          'Published versions are immutable: restore the file and save the change as a new version.',
      );
    }
  }
  const pinned = await db.query<{ protocolId: string; protocolVersion: string }[]>(
    'SELECT DISTINCT "protocolId", "protocolVersion" FROM cases',
  );
  for (const p of pinned) {
    if (!catalogue.get(p.protocolId, p.protocolVersion)) {
      throw new Error(`cases follow protocol ${p.protocolId}@${p.protocolVersion}, which is missing from protocols/definitions`);
    }
  }
  return recorded;
}
