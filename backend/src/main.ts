import 'reflect-metadata';
import { demoData } from '@sanad/seeds';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/config';
import { JsonLogger } from './common/json-logger';
import { DEMO_LOGINS, prepareDatabase } from './database/prepare';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new JsonLogger(config.logLevel);
  await prepareDatabase(config, logger);
  const app = await createApp(config, logger);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const lines = [``, `  Sanad is running at ${config.publicUrl}`, `  API docs: ${config.publicUrl}/api/docs`];
  if (config.seedDemo) {
    lines.push(``, `  Demo logins (password for all: ${demoData.password})`);
    for (const l of DEMO_LOGINS()) lines.push(`    ${l.email.padEnd(34)} ${l.role.padEnd(12)} ${l.school}`);
  }
  process.stderr.write(lines.join('\n') + '\n\n');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(error.message + '\n');
  } else {
    process.stderr.write(`Sanad could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
