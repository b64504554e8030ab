/**
 * @module `npm start` ends here: configure, migrate, serve hub and console on one port, run the
 * sandbox world if asked, and shut down cleanly on SIGTERM/SIGINT.
 */
import { loadConfig } from './config.ts';
import { createHub } from './hub.ts';
import { createLogger } from './logging.ts';
import { startSandbox } from './sandbox/sandbox-world.ts';
import { closeServer, createHttpServer, listen, loadConsole } from './server.ts';

const config = loadConfig();
const log = createLogger(config.logLevel);

try {
  const hub = await createHub(config, { log });
  const server = createHttpServer(hub, await loadConsole(hub));
  server.requestTimeout = 30_000;
  const url = await listen(server, config.port, config.host);
  hub.startWorkers();
  const sandbox = config.sandbox ? await startSandbox(hub, url) : undefined;
  log.info(
    { url, storage: hub.db.dialect, sandbox: config.sandbox, console: `${url}/login`, docs: `${url}/docs` },
    `Dropline is up at ${url}`,
  );
  if (!config.adminToken) log.info(`Sign in at ${url}/login with the token in ${config.dataDir}/admin-token`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing requests and jobs in flight');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 10_000);
    force.unref();
    await sandbox?.stop();
    await closeServer(server, config.shutdownGraceMs);
    await hub.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (err) {
  log.fatal({ err }, 'Dropline could not start');
  process.exit(1);
}
