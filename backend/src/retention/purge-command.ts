import type { AppConfig } from '../config/config';
import { AuditService } from '../audit/audit.service';
import { Progress } from '../common/progress';
import { checkSqlitePragmas, createDataSource } from '../database/data-source';
import { ProtocolCatalogue } from '../protocols/protocol-catalogue';
import { formatPurgeReport, runPurge } from './purge';

export const PURGE_USAGE = 'node backend/dist/src/cli.js purge [--dry-run] [--now <ISO date>]';

export class PurgeUsageError extends Error {}

/** `--dry-run` and `--now <ISO date>` (the instant the policy is applied at; now by default). */
export function purgeOptions(args: string[], clock: () => Date = () => new Date()): { dryRun: boolean; now: string } {
  let dryRun = false;
  let now = clock().toISOString();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--dry-run') dryRun = true;
    else if (arg === '--now') {
      const value = args[++i];
      const parsed = value && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : null;
      if (!parsed || Number.isNaN(parsed.getTime()))
        throw new PurgeUsageError(`--now needs an ISO date like 2031-09-01 (got "${value ?? ''}")`);
      now = parsed.toISOString();
    } else throw new PurgeUsageError(`unknown option ${arg}`);
  }
  return { dryRun, now };
}

/**
 * `purge [--dry-run] [--now <date>]`: applies the retention policy (docs/retention.md). The report goes to standard
 * output (references and counts, never names), progress and ETA to standard error. Ctrl-C stops between two cases:
 * the cases done are whole, the others untouched. Exit code 0, 130 when interrupted.
 */
export async function runPurgeCommand(config: AppConfig, args: string[], write: (text: string) => void): Promise<number> {
  const { dryRun, now } = purgeOptions(args);
  const db = createDataSource(config);
  await db.initialize();
  const progress = dryRun ? undefined : new Progress('purge', 0, { unit: 'cases' }).interruptible();
  try {
    await checkSqlitePragmas(db);
    if (await db.showMigrations()) throw new Error('purge: the database is not up to date: run `npm run migrate` first');
    const result = await runPurge(db, {
      policy: config.retention,
      now,
      dryRun,
      catalogue: ProtocolCatalogue.load(config.protocolsDir ?? undefined),
      audit: dryRun ? undefined : new AuditService(db, config),
      progress,
    });
    progress?.finish();
    write(formatPurgeReport(result) + '\n');
    return result.interrupted ? 130 : 0;
  } catch (error) {
    progress?.abandon();
    throw error;
  } finally {
    await db.destroy();
  }
}
