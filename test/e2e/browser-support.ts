import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/index.js';
import { startTestServer } from '../support/server.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = path.join(ROOT, 'test-results');

/** True (after saying so) when this machine has no Chromium, so the named browser suite is skipped. */
export function skipWithoutChromium(suite: string): boolean {
  if (existsSync(CHROMIUM)) return false;
  console.warn(`[${suite} e2e] SKIPPED: ${CHROMIUM} not found (apt-get install chromium to run the browser tests)`);
  return true;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    const stat = statSync(file);
    newest = Math.max(newest, stat.isDirectory() ? newestMtime(file) : stat.mtimeMs);
  }
  return newest;
}

/**
 * Builds the console when it is missing, so a fresh checkout can run one browser suite alone. A build older
 * than the sources is only reported, not rebuilt: another suite may be serving dist/web at the same moment.
 */
async function ensureWebBuilt(suite: string): Promise<void> {
  const index = path.join(ROOT, 'dist/web/index.html');
  if (existsSync(index)) {
    if (statSync(index).mtimeMs < newestMtime(path.join(ROOT, 'web/src'))) {
      console.warn(`[${suite} e2e] dist/web is older than web/src; run \`npm run build:web\` if this suite fails on a missing element`);
    }
    return;
  }
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'web/vite.config.ts'), logLevel: 'warn' });
}

export interface ConsoleSession {
  server: Awaited<ReturnType<typeof startTestServer>>;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Runs a step and keeps a screenshot of the page when it fails, for whoever reads the CI log. */
  step(name: string, body: () => Promise<void>): Promise<void>;
  /** Fills in and sends the login form on the current page, without waiting for the outcome. */
  submitLogin(username: string, password: string): Promise<void>;
  /** Signs in through the login form on the current page and waits for the home page. */
  signIn(username: string, password?: string): Promise<void>;
  /** Opens the login page and signs in there: the way a story hands the console to the next person. */
  signInAs(username: string): Promise<void>;
  /** Signs out through the header's button and waits for the login page. */
  signOut(): Promise<void>;
  /** Closes the context, the browser and the server, whichever were opened. */
  close(): Promise<void>;
}

/**
 * The built console served by a test server (SQLite with the demo hospital), and a Chromium page on it.
 * `suite` names the screenshots and log lines of failed steps; `serverOptions` reach the test server
 * (for instance `{ config: { demoPatients: 20 } }` for suites that need clinical records).
 */
export async function openConsole(suite: string, contextOptions: BrowserContextOptions = {}, serverOptions: Parameters<typeof startTestServer>[0] = {}): Promise<ConsoleSession> {
  let server: ConsoleSession['server'] | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  const close = async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  };

  let page: Page;
  try {
    await ensureWebBuilt(suite);
    server = await startTestServer(serverOptions);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-quic',
        '--disable-sync',
      ],
    });
    context = await browser.newContext({ baseURL: server.url, viewport: { width: 1366, height: 900 }, ...contextOptions });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
  } catch (error) {
    await close();
    throw error;
  }

  const step = async (name: string, body: () => Promise<void>): Promise<void> => {
    try {
      await body();
    } catch (error) {
      mkdirSync(RESULTS, { recursive: true });
      const file = path.join(RESULTS, `${suite}-e2e-${name}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      const text = await page.locator('body').innerText().catch(() => '');
      console.error(`[${suite} e2e] step "${name}" failed at ${page.url()}; screenshot: ${file}\npage text: ${text.slice(0, 500)}`);
      throw error;
    }
  };

  const submitLogin = async (username: string, password: string): Promise<void> => {
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  };

  const signIn = async (username: string, password: string = DEMO_PASSWORD): Promise<void> => {
    await submitLogin(username, password);
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('home-welcome').waitFor();
  };

  const signInAs = async (username: string): Promise<void> => {
    await page.goto('/login');
    await signIn(username);
  };

  const signOut = async (): Promise<void> => {
    await page.getByTestId('logout').click();
    await page.waitForURL('**/login');
  };

  return { server, browser, context, page, step, submitLogin, signIn, signInAs, signOut, close };
}

/** A parsed JSON body of an API answer, as the browser tests read it. */
export type Json = Record<string, any>;

/** Signs in through the API (not the page) and returns the bearer token, for setting up data beside the browser. */
export async function apiToken(serverUrl: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await fetch(`${serverUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (response.status !== 200) throw new Error(`sign-in of ${username} failed: ${response.status}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** One call of `/api/v1{path}` with a bearer token (and a purpose of use for data reads); its status and JSON body. */
export async function apiCall(serverUrl: string, bearer: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: { body?: unknown; purpose?: string } = {}): Promise<{ status: number; body: Json }> {
  const { body, purpose } = options;
  const response = await fetch(`${serverUrl}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${bearer}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(purpose ? { 'X-Purpose-Of-Use': purpose } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Json };
}
