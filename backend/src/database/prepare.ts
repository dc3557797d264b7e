import type { AppConfig } from '../config/config';
import type { JsonLogger } from '../common/json-logger';
import { DEMO_LOGINS, seedDemo, seedReference } from '../seeding/seeder';
import { checkSqlitePragmas, createDataSource } from './data-source';
import { ProtocolCatalogue, recordPublishedVersions } from '../protocols/protocol-catalogue';
import { missingResources } from '../knowledge/resource-check';
import { refreshProjections } from '../cases/refresh-projections';

/** The PostgreSQL advisory lock held while one instance prepares the database (any fixed number: "SANAD" in ASCII). */
const PREPARE_LOCK = 8365786568;

/**
 * Applies pending migrations, then reference data, then (outside production, if enabled) demo data.
 * Several instances starting at once on one PostgreSQL database take turns (an advisory lock, released by the
 * server if the process dies): the first migrates, the others find nothing left to do.
 */
export async function prepareDatabase(config: AppConfig, logger: JsonLogger): Promise<void> {
  const db = createDataSource(config);
  await db.initialize();
  const lock = db.options.type === 'postgres' ? db.createQueryRunner() : null;
  try {
    if (lock) {
      await lock.connect();
      await lock.query('SELECT pg_advisory_lock($1)', [PREPARE_LOCK]);
    }
    await checkSqlitePragmas(db);
    const applied = await db.runMigrations({ transaction: 'each' });
    logger.event('info', 'database.migrated', { applied: applied.map((m) => m.name), database: config.database.type });
    const catalogue = ProtocolCatalogue.load(config.protocolsDir ?? undefined);
    const missing = missingResources(catalogue.list());
    if (missing.length) throw new Error(`Protocol resources missing from the knowledge base:\n${missing.join('\n')}`);
    const recorded = await recordPublishedVersions(db, catalogue);
    logger.event('info', 'protocols.loaded', {
      versions: catalogue.list().map((l) => `${l.definition.id}@${l.definition.version}`),
      recorded,
    });
    const refreshed = await refreshProjections(db, catalogue);
    if (refreshed) logger.event('info', 'cases.projections.refreshed', { cases: refreshed });
    const ref = await seedReference(db);
    logger.event('info', 'database.seeded.reference', { ...ref });
    if (config.seedDemo) {
      const demo = await seedDemo(db, catalogue.latestPublished(config.defaultProtocolId));
      logger.event('info', 'database.seeded.demo', { ...demo });
    }
  } finally {
    if (lock) {
      await lock.query('SELECT pg_advisory_unlock($1)', [PREPARE_LOCK]).catch(() => undefined);
      await lock.release();
    }
    await db.destroy();
  }
}

export { DEMO_LOGINS };
