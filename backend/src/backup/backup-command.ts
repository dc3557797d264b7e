import { join, resolve } from 'node:path';
import type { AppConfig } from '../config/config';
import type { JsonLogger } from '../common/json-logger';
import { InterruptGuard, Interrupted } from '../common/progress';
import { createDataSource } from '../database/data-source';
import { checkIntegrity, formatIntegrity } from '../database/integrity';
import { prepareDatabase } from '../database/prepare';
import { KeyRing } from '../evidence/key-ring';
import { archiveName, createBackup, pruneArchives } from './backup';
import { restoreBackup } from './restore';

export const BACKUP_USAGE =
  'node backend/dist/src/cli.js backup [--out <file.sanadbak> | --dir <folder>] [--keep <n>]\n' +
  '       node backend/dist/src/cli.js restore <file.sanadbak>';

export class BackupUsageError extends Error {}

/**
 * The evidence key ring. A restore never creates one (a new key could not open anything); a backup outside
 * production creates it as the server would at its first start.
 */
export function keyRing(config: AppConfig, createIfMissing = false): KeyRing {
  return KeyRing.load({ envKey: config.masterKey ?? undefined, file: config.masterKeyFile, createIfMissing });
}

function parse(args: string[], valued: string[]): { values: Record<string, string>; positional: string[] } {
  const values: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const name = a.slice(2);
      if (!valued.includes(name)) throw new BackupUsageError(`unknown option ${a}`);
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new BackupUsageError(`${a} needs a value`);
      values[name] = v;
    } else positional.push(a);
  }
  return { values, positional };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** `cli.js backup …`: one archive, then (with --keep) the oldest archives of its folder deleted. */
export async function runBackupCommand(config: AppConfig, args: string[], print: (t: string) => void): Promise<number> {
  const { values, positional } = parse(args, ['out', 'dir', 'keep']);
  if (positional.length || (values.out && values.dir)) throw new BackupUsageError('give --out <file> or --dir <folder>, not both');
  const keep = values.keep === undefined ? null : Number(values.keep);
  if (keep !== null && !(Number.isInteger(keep) && keep >= 1)) throw new BackupUsageError('--keep needs a whole number ≥ 1');
  const dir = resolve(values.dir ?? config.backup.dir);
  const out = values.out ? resolve(values.out) : join(dir, archiveName(new Date()));
  const guard = new InterruptGuard().start();
  try {
    const ring = keyRing(config, config.nodeEnv !== 'production');
    const result = await createBackup(config, ring, out, { guard });
    const c = result.manifest.counts;
    print(
      `Backup written: ${result.path}\n` +
        `  ${mb(result.bytes)} in ${seconds(result.ms)}; ${c.cases ?? 0} cases, ${c.case_events ?? 0} events, ${c.evidence_items ?? 0} evidence items, ${c.users ?? 0} accounts\n` +
        `  encrypted with master key ${ring.current.id}: keep the master key file apart from the archives\n`,
    );
    if (keep !== null && !values.out) {
      const deleted = pruneArchives(dir, keep);
      if (deleted.length) print(`  older archives deleted (keeping ${keep}): ${deleted.join(', ')}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof Interrupted) {
      print(`Backup ${error.message}; no archive was written.\n`);
      return 130;
    }
    throw error;
  } finally {
    guard.stop();
  }
}

/** `cli.js restore <archive>`: into an empty instance, then migrations up to this version, then the integrity check. */
export async function runRestoreCommand(
  config: AppConfig,
  logger: JsonLogger,
  args: string[],
  print: (t: string) => void,
): Promise<number> {
  const { positional } = parse(args, []);
  if (positional.length !== 1) throw new BackupUsageError('give the archive to restore');
  const ring = keyRing(config);
  const guard = new InterruptGuard().start();
  let result;
  try {
    result = await restoreBackup(config, ring, resolve(positional[0]), { guard });
  } catch (error) {
    if (error instanceof Interrupted) {
      print(`Restore ${error.message}; the database was left as it was.\n`);
      return 130;
    }
    throw error;
  } finally {
    guard.stop();
  }
  const c = result.manifest.counts;
  print(
    `Restored the backup of ${result.manifest.createdAt} in ${seconds(result.ms)}: ${c.cases ?? 0} cases, ${c.case_events ?? 0} events, ` +
      `${c.evidence_items ?? 0} evidence items, ${c.users ?? 0} accounts.\n`,
  );
  if (result.mismatches.length) {
    print(`The restored database does not match the archive's manifest:\n  ${result.mismatches.join('\n  ')}\n`);
    return 1;
  }
  // an archive of an older version: bring it up to this one (migrations, reference data; never demo data)
  await prepareDatabase({ ...config, seedDemo: false }, logger);
  const db = createDataSource(config);
  await db.initialize();
  try {
    const report = await checkIntegrity(db, { keyRing: ring });
    print(formatIntegrity(report) + '\n');
    return report.ok ? 0 : 1;
  } finally {
    await db.destroy();
  }
}
