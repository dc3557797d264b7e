import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { JsonLogger } from './common/json-logger';
import { createDataSource, checkSqlitePragmas } from './database/data-source';
import { prepareDatabase } from './database/prepare';
import { formatAuditVerification, verifyAuditChain } from './audit/audit-chain';
import { bootstrapAdmin, BootstrapRefused, PASSWORD_LINK_HOURS } from './auth/password-links';
import { IMPORT_USAGE, ImportUsageError, runImportCommand } from './import/import-command';
import { KeyRing, KeyRingError } from './evidence/key-ring';
import { checkIntegrity, formatIntegrity } from './database/integrity';
import { rewrapEvidenceKeys } from './evidence/key-rotation';
import { PURGE_USAGE, PurgeUsageError, runPurgeCommand } from './retention/purge-command';
import { BACKUP_USAGE, BackupUsageError, runBackupCommand, runRestoreCommand } from './backup/backup-command';
import { ArchiveError } from './backup/archive';
import { RestoreRefused } from './backup/restore';

const USAGE =
  'usage: node backend/dist/src/cli.js <migrate|migrate:revert|migrate:show|seed|check|audit:verify|keys:rotate|keys:rewrap|api:contract>\n' +
  '       node backend/dist/src/cli.js bootstrap-admin --email <address> --name "<display name>"\n' +
  `       ${IMPORT_USAGE}\n` +
  `       ${BACKUP_USAGE}\n` +
  `       ${PURGE_USAGE}`;

/** `--key value` pairs after the command. */
function options(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const key = args[i];
    const value = args[i + 1];
    if (!key?.startsWith('--') || value === undefined) throw new Error(USAGE);
    out[key.slice(2)] = value;
  }
  return out;
}

/** Database maintenance from the command line: `npm run migrate`, `npm run seed`. */
async function run(command: string = '', args: string[] = []): Promise<void> {
  const config = loadConfig();
  const logger = new JsonLogger(config.logLevel === 'silent' ? 'silent' : 'info');
  switch (command) {
    case 'migrate':
    case 'seed':
      await prepareDatabase(command === 'migrate' ? { ...config, seedDemo: false } : config, logger);
      return;
    case 'audit:verify': {
      const db = createDataSource(config);
      await db.initialize();
      try {
        const result = await verifyAuditChain(db);
        process.stdout.write(formatAuditVerification(result) + '\n');
        if (!result.ok) process.exitCode = 1;
      } finally {
        await db.destroy();
      }
      return;
    }
    case 'check': {
      // integrity of the data (database/integrity.ts): event logs, audit chain, evidence contents with the key ring
      let keyRing: KeyRing | undefined;
      let keyProblem: string | null = null;
      try {
        keyRing = KeyRing.load({ envKey: config.masterKey ?? undefined, file: config.masterKeyFile, createIfMissing: false });
      } catch (error) {
        if (!(error instanceof KeyRingError)) throw error;
        keyProblem = error.message;
      }
      const db = createDataSource(config);
      await db.initialize();
      try {
        const report = await checkIntegrity(db, { keyRing });
        if (keyProblem && (report.counts.evidence_contents ?? 0) > 0) {
          report.problems.push(`evidence contents not verified: ${keyProblem}`);
          report.ok = false;
        }
        process.stdout.write(formatIntegrity(report) + '\n');
        if (keyProblem && report.ok) process.stdout.write(`(evidence contents not verified: ${keyProblem})\n`);
        if (!report.ok) process.exitCode = 1;
      } finally {
        await db.destroy();
      }
      return;
    }
    case 'api:contract': {
      // the OpenAPI document, canonical (the app's types are generated from it: npm run api:types)
      const { createApp, openApiDocument, canonicalContract } = await import('./app.factory');
      const app = await createApp({ ...config, reminderIntervalSeconds: 0 }, new JsonLogger('silent'));
      try {
        await app.init();
        process.stdout.write(canonicalContract(openApiDocument(app)));
      } finally {
        await app.close();
      }
      return;
    }
    case 'keys:rotate':
    case 'keys:rewrap': {
      // evidence encryption keys (docs/evidence.md): rotate = new master key first in the file, then rewrap
      if (config.masterKey)
        throw new Error(
          `${command}: MASTER_KEY is set; rotate it in your secrets store, then run keys:rewrap with the old key in MASTER_KEY_FILE`,
        );
      const ring =
        command === 'keys:rotate'
          ? KeyRing.rotateFile(config.masterKeyFile)
          : KeyRing.load({ file: config.masterKeyFile, createIfMissing: false });
      const db = createDataSource(config);
      await db.initialize();
      try {
        const { rewrapped, total } = await rewrapEvidenceKeys(db, ring);
        process.stdout.write(
          `${command}: current master key ${ring.current.id}; ${rewrapped} of ${total} evidence keys rewrapped` +
            (ring.keys.length > 1 ? `; older keys in ${config.masterKeyFile} can now be removed (keep a backup)\n` : '\n'),
        );
      } finally {
        await db.destroy();
      }
      return;
    }
    case 'migrate:revert':
    case 'migrate:show': {
      const db = createDataSource(config);
      await db.initialize();
      try {
        await checkSqlitePragmas(db);
        if (command === 'migrate:revert') await db.undoLastMigration({ transaction: 'each' });
        else process.stdout.write(`pending migrations: ${(await db.showMigrations()) ? 'yes' : 'no'}\n`);
      } finally {
        await db.destroy();
      }
      return;
    }
    case 'bootstrap-admin': {
      // the first administrator, once: prints a one-time link to set the password
      const { email, name, ...rest } = options(args);
      if (!email || !name || Object.keys(rest).length) throw new Error(USAGE);
      const db = createDataSource(config);
      await db.initialize();
      try {
        await checkSqlitePragmas(db);
        await db.runMigrations({ transaction: 'each' });
        const { url } = await bootstrapAdmin(db, config.publicUrl, { email, name });
        process.stdout.write(`Administrator ${email.trim().toLowerCase()} created.\n`);
        process.stdout.write(`Open this link within ${PASSWORD_LINK_HOURS} hours to set the password (shown only now):\n${url}\n`);
      } catch (error) {
        if (error instanceof BootstrapRefused) throw new Error(`bootstrap-admin: ${error.message}`);
        throw error;
      } finally {
        await db.destroy();
      }
      return;
    }
    case 'import': {
      // schools and staff accounts from CSV files (docs/import.md)
      const db = createDataSource(config);
      await db.initialize();
      try {
        await checkSqlitePragmas(db);
        if (await db.showMigrations()) throw new Error('import: the database is not up to date: run `npm run migrate` first');
        process.exitCode = await runImportCommand(db, config.publicUrl, args, (text) => process.stdout.write(text));
      } catch (error) {
        if (error instanceof ImportUsageError) throw new Error(`import: ${error.message}\nusage: ${IMPORT_USAGE}`);
        throw error;
      } finally {
        await db.destroy();
      }
      return;
    }
    case 'backup':
    case 'restore': {
      // encrypted archives of the whole database (docs/operations.md)
      const print = (text: string) => process.stdout.write(text);
      try {
        process.exitCode =
          command === 'backup' ? await runBackupCommand(config, args, print) : await runRestoreCommand(config, logger, args, print);
      } catch (error) {
        if (error instanceof BackupUsageError) throw new Error(`${command}: ${error.message}\nusage: ${BACKUP_USAGE}`);
        if (error instanceof ArchiveError || error instanceof RestoreRefused) throw new Error(error.message);
        throw error;
      }
      return;
    }
    case 'purge': {
      // the retention policy (docs/retention.md): what is due is anonymised, deleted or erased; --dry-run reports only
      try {
        process.exitCode = await runPurgeCommand(config, args, (text) => process.stdout.write(text));
      } catch (error) {
        if (error instanceof PurgeUsageError) throw new Error(`purge: ${error.message}\nusage: ${PURGE_USAGE}`);
        throw error;
      }
      return;
    }
    default:
      throw new Error(USAGE);
  }
}

run(process.argv[2], process.argv.slice(3)).catch((error: unknown) => {
  process.stderr.write((error instanceof ConfigError || error instanceof Error ? error.message : String(error)) + '\n');
  process.exit(1);
});
