import type { AppConfig } from '../app/config.js';
import { openPlatform } from '../app/platform.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../demo/index.js';

function displayUrl(config: AppConfig, port: number): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host}:${port}`;
}

export async function serve(config: AppConfig): Promise<void> {
  if (config.demo) process.stdout.write(`Starting Yixiang… an empty database first gets the demo hospital (${config.demoPatients} synthetic patients; this takes a little while).\n`);
  const platform = await openPlatform(config);
  await platform.app.listen({ port: config.port, host: config.host });
  const address = platform.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const lines = [`Yixiang (医享) is running at ${displayUrl(config, port)}  [database: ${platform.database.dialect.name}]`];
  if (config.demo) {
    lines.push(
      `Demo hospital ${platform.demoLoaded ? 'loaded' : 'present'}. Demo accounts are for evaluation only — never use them in production.`,
      `  e.g. ${DEMO_USERS.slice(0, 4).map((u) => u.username).join(', ')} … (password ${DEMO_PASSWORD}); see README.md`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  const shutdown = async (signal: string) => {
    process.stdout.write(`Received ${signal}, shutting down…\n`);
    await platform.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
