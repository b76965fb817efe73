import { readFileSync } from 'node:fs';
import path from 'node:path';

export type CryptoProfileName = 'standard' | 'gm';

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  /** `postgres://…` selects PostgreSQL; empty means embedded SQLite in the data directory. */
  databaseUrl: string | null;
  cryptoProfile: CryptoProfileName;
  demo: boolean;
  masterKey: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Trust X-Forwarded-* only when the operator says a proxy is in front. */
  trustProxy: boolean;
  /**
   * The address partners reach this server at (origin and optional path prefix, no trailing
   * slash). Absolute URLs handed out, and the `aud` a client assertion must name, are built from
   * it; null means from each request's own Host header (development and tests).
   */
  publicUrl: string | null;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  /** Names this deployment in exported audit records (FHIR observer, syslog source). */
  serverId: string;
  hospitalName: string;
  auditRetentionSystemDays: number;
  auditRetentionSharingDays: number;
  /** How many synthetic patients the demo hospital gets (with their records). */
  demoPatients: number;
  /** Bearer token Prometheus sends to read /metrics; null leaves /metrics to loopback callers only. */
  metricsToken: string | null;
}

/** Raised for any invalid setting; the message always names the setting. */
export class ConfigError extends Error {
  constructor(readonly setting: string, message: string) {
    super(`Invalid setting ${setting}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Parser = (raw: string, name: string) => unknown;

const integerIn = (min: number, max: number): Parser => (raw, name) => {
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `expected an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
};

const oneOf = (...allowed: string[]): Parser => (raw, name) => {
  if (!allowed.includes(raw)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw;
};

const boolean: Parser = (raw, name) => {
  const value = raw.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(name, `expected true or false, got "${raw}"`);
};

const text: Parser = (raw) => raw;

// A scrape credential that could be guessed or mangled by a shell would protect nothing: at least
// 32 printable ASCII characters (e.g. `openssl rand -hex 32`). Empty is refused rather than read as
// unset, since an empty value usually means a secret that failed to reach the environment.
const metricsToken: Parser = (raw, name) => {
  if (!/^[\x21-\x7e]{32,}$/.test(raw)) throw new ConfigError(name, 'must be at least 32 printable ASCII characters without spaces (e.g. openssl rand -hex 32); leave it unset to serve /metrics to loopback callers only');
  return raw;
};

const databaseUrl: Parser = (raw, name) => {
  if (raw === '') return null;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError(name, 'only postgres:// URLs are supported; leave it unset for embedded SQLite');
  }
  return raw;
};

/** An absolute http(s) base URL without query or fragment; the trailing slash is dropped so paths can be appended. */
const publicUrl: Parser = (raw, name) => {
  if (raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `expected an absolute http:// or https:// URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(name, `only http:// and https:// URLs are supported, got "${raw}"`);
  if (url.username !== '' || url.password !== '') throw new ConfigError(name, 'must not contain credentials');
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(raw)) throw new ConfigError(name, `must not have a query or fragment, got "${raw}"`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
};

interface SettingSpec {
  key: keyof AppConfig;
  parse: Parser;
  description: string;
}

/** Every accepted setting. Anything else with the YIXIANG_ prefix is refused so typos surface at start-up. */
export const SETTINGS: Record<string, SettingSpec> = {
  PORT: { key: 'port', parse: integerIn(0, 65535), description: 'HTTP port (default 8080)' },
  HOST: { key: 'host', parse: text, description: 'listen address (default 0.0.0.0)' },
  DATABASE_URL: { key: 'databaseUrl', parse: databaseUrl, description: 'postgres:// URL; unset = SQLite in the data directory' },
  YIXIANG_DATA_DIR: { key: 'dataDir', parse: text, description: 'data directory (default ./data)' },
  YIXIANG_CRYPTO_PROFILE: { key: 'cryptoProfile', parse: oneOf('standard', 'gm'), description: 'standard (AES-GCM/SHA-256/Ed25519) or gm (SM4/SM3/SM2)' },
  YIXIANG_DEMO: { key: 'demo', parse: boolean, description: 'load the demo hospital into an empty database' },
  YIXIANG_DEMO_PATIENTS: { key: 'demoPatients', parse: integerIn(0, 100_000), description: 'synthetic patients in the demo hospital (default 1000)' },
  YIXIANG_MASTER_KEY: { key: 'masterKey', parse: text, description: 'key-encryption key (32 bytes, base64 or hex); default: key file in the data directory' },
  YIXIANG_LOG_LEVEL: { key: 'logLevel', parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), description: 'log level (default info)' },
  YIXIANG_TRUST_PROXY: { key: 'trustProxy', parse: boolean, description: 'trust X-Forwarded-For from a reverse proxy (default false)' },
  YIXIANG_PUBLIC_URL: { key: 'publicUrl', parse: publicUrl, description: 'public base URL partners use, e.g. https://yixiang.example-hospital.cn (no query or fragment); unset = each request\'s Host header' },
  YIXIANG_SESSION_IDLE_MINUTES: { key: 'sessionIdleMinutes', parse: integerIn(1, 24 * 60), description: 'sign out after this many idle minutes (default 30)' },
  YIXIANG_SESSION_MAX_HOURS: { key: 'sessionMaxHours', parse: integerIn(1, 24 * 7), description: 'absolute session lifetime in hours (default 12)' },
  YIXIANG_SERVER_ID: { key: 'serverId', parse: text, description: 'id of this deployment in exported audit records (default yixiang)' },
  YIXIANG_HOSPITAL_NAME: { key: 'hospitalName', parse: text, description: 'hospital name in exported audit records' },
  // The lower bounds are the legal minimums (Cybersecurity Law Art. 21: 6 months; PIPL Art. 56: 3 years).
  YIXIANG_AUDIT_RETENTION_SYSTEM_DAYS: { key: 'auditRetentionSystemDays', parse: integerIn(180, 36500), description: 'keep system audit events at least this many days (default 180, minimum 180)' },
  YIXIANG_AUDIT_RETENTION_SHARING_DAYS: { key: 'auditRetentionSharingDays', parse: integerIn(1095, 36500), description: 'keep sharing and data-access audit records at least this many days (default 1095, minimum 1095)' },
  YIXIANG_METRICS_TOKEN: { key: 'metricsToken', parse: metricsToken, description: 'bearer token Prometheus must send to read /metrics (32+ printable characters); unset = /metrics answers loopback callers only' },
  YIXIANG_CONFIG: { key: 'port', parse: text, description: 'optional JSON config file with the same keys' },
};

export const DEFAULT_CONFIG: AppConfig = {
  port: 8080,
  host: '0.0.0.0',
  dataDir: './data',
  databaseUrl: null,
  cryptoProfile: 'standard',
  demo: false,
  masterKey: null,
  logLevel: 'info',
  trustProxy: false,
  publicUrl: null,
  sessionIdleMinutes: 30,
  sessionMaxHours: 12,
  serverId: 'yixiang',
  hospitalName: '医享示范医院',
  auditRetentionSystemDays: 180,
  auditRetentionSharingDays: 1095,
  demoPatients: 1000,
  metricsToken: null,
};

function readConfigFile(file: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError('YIXIANG_CONFIG', `cannot read ${file}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError('YIXIANG_CONFIG', `${file} must hold a JSON object of settings`);
  }
  const entries = Object.entries(parsed as Record<string, unknown>).map(([name, value]) => {
    if (!(name in SETTINGS) || name === 'YIXIANG_CONFIG') throw new ConfigError(name, `unknown setting in ${file}`);
    return [name, String(value)] as const;
  });
  return Object.fromEntries(entries);
}

/**
 * Builds the configuration from a config file (optional) overlaid by the environment.
 * `defaults` lets the CLI turn the demo on for `npm start` while production stays off.
 */
export function loadConfig(env: NodeJS.ProcessEnv, defaults: Partial<AppConfig> = {}): AppConfig {
  const unknown = Object.keys(env).filter((name) => name.startsWith('YIXIANG_') && !(name in SETTINGS));
  if (unknown.length > 0) throw new ConfigError(unknown[0]!, `unknown setting (known: ${Object.keys(SETTINGS).filter((n) => n.startsWith('YIXIANG_')).join(', ')})`);

  const fromFile = env.YIXIANG_CONFIG ? readConfigFile(env.YIXIANG_CONFIG) : {};
  const config: AppConfig = { ...DEFAULT_CONFIG, ...defaults };
  const target = config as unknown as Record<string, unknown>;
  for (const [name, spec] of Object.entries(SETTINGS)) {
    if (name === 'YIXIANG_CONFIG') continue;
    const raw = env[name] ?? fromFile[name];
    if (raw === undefined) continue;
    target[spec.key] = spec.parse(raw.trim(), name);
  }
  config.dataDir = path.resolve(config.dataDir);
  return config;
}
