import type { AppConfig } from '../config/config';
import type { JsonLogger } from '../common/json-logger';
import { DEMO_LOGINS, seedDemo, seedReference } from '../seeding/seeder';
import { checkSqlitePragmas, createDataSource } from './data-source';
import { ProtocolCatalogue, recordPublishedVersions } from '../protocols/protocol-catalogue';
import { missingResources } from '../knowledge/resource-check';
import { refreshProjections } from '../cases/refresh-projections';

/** Applies pending migrations, then reference data, then (outside production, if enabled) demo data. */
export async function prepareDatabase(config: AppConfig, logger: JsonLogger): Promise<void> {
  const db = createDataSource(config);
  await db.initialize();
  try {
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
    await db.destroy();
  }
}

export { DEMO_LOGINS };
