import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { JsonLogger } from './common/json-logger';
import { createDataSource, checkSqlitePragmas } from './database/data-source';
import { prepareDatabase } from './database/prepare';

const USAGE = 'usage: node backend/dist/src/cli.js <migrate|migrate:revert|migrate:show|seed>';

/** Database maintenance from the command line: `npm run migrate`, `npm run seed`. */
async function run(command: string = ''): Promise<void> {
  const config = loadConfig();
  const logger = new JsonLogger(config.logLevel === 'silent' ? 'silent' : 'info');
  switch (command) {
    case 'migrate':
    case 'seed':
      await prepareDatabase(command === 'migrate' ? { ...config, seedDemo: false } : config, logger);
      return;
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
    default:
      throw new Error(USAGE);
  }
}

run(process.argv[2]).catch((error: unknown) => {
  process.stderr.write((error instanceof ConfigError || error instanceof Error ? error.message : String(error)) + '\n');
  process.exit(1);
});
