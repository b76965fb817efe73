import type { AppConfig } from '../../src/app/config.js';
import type { Clock } from '../../src/lib/clock.js';
import { createTestApp } from './app.js';

/** A real listening server on a free port (for the browser tests), SQLite with the demo hospital; `clock` as for createTestApp. */
export async function startTestServer(options: { config?: Partial<AppConfig>; clock?: Clock } = {}): Promise<{ url: string; close(): Promise<void> }> {
  const platform = await createTestApp('sqlite', { demo: true, ...options });
  await platform.app.listen({ port: 0, host: '127.0.0.1' });
  const address = platform.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => platform.close() };
}
