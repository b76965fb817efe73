import { Command, Option } from 'commander';
import { loadConfig, type AppConfig } from '../app/config.js';
import { VERSION } from '../app/version.js';
import { migrateToLatest, openMigratedDatabase, openDatabase, dialectFor } from '../db/index.js';
import { loadDemoHospital } from '../demo/index.js';
import { AppError } from '../http/index.js';
import { systemClock } from '../lib/clock.js';
import { createOrgModule, isRole, ROLES, type Role } from '../org/index.js';
import { readSecret } from './prompt.js';
import { printKeyStatus } from './keys.js';
import { registerKeyRotation } from './key-rotation.js';
import { recordCliAction, registerAuditCommands } from './audit.js';
import { registerImportCommand } from './import.js';
import { loadDemoRecordsInto, registerDemoGenerate } from './demo-generate.js';
import { registerPackageCommands } from './package.js';

/** `npm start` turns the demo on; a plain `yixiang serve` (production) leaves it off unless YIXIANG_DEMO says so. */
function config(defaults: Partial<AppConfig> = {}): AppConfig {
  return loadConfig(process.env, defaults);
}

async function withDatabase<T>(work: (handle: Awaited<ReturnType<typeof openMigratedDatabase>>) => Promise<T>): Promise<T> {
  const handle = await openMigratedDatabase(config());
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}

export function buildCli(): Command {
  const program = new Command('yixiang')
    .version(VERSION)
    .description('Yixiang (医享) hospital information-resource sharing platform.\nSettings come from the environment (see README: PORT, HOST, DATABASE_URL, YIXIANG_DATA_DIR, YIXIANG_CRYPTO_PROFILE, YIXIANG_DEMO, YIXIANG_MASTER_KEY…).');

  program
    .command('serve')
    .description('Start the HTTP server (API, FHIR facade and web console); migrations run first')
    .option('--demo', 'load the demo hospital into an empty database unless YIXIANG_DEMO=false (used by npm start)')
    // Loaded on use: the HTTP server's modules would add tens of megabytes to every other command,
    // `yixiang import` included, which must stay within its memory budget on large files.
    .action(async (options: { demo?: boolean }) => (await import('./serve.js')).serve(config(options.demo ? { demo: true } : {})));

  program
    .command('migrate')
    .description('Apply pending database migrations and exit')
    .action(async () => {
      const handle = await openDatabase(dialectFor(config()));
      try {
        const applied = await migrateToLatest(handle.db);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database schema is up to date.');
      } finally {
        await handle.close();
      }
    });

  const demo = program.command('demo').description('Demo hospital (synthetic data, evaluation only)');
  registerDemoGenerate(demo, config);
  demo
    .command('load')
    .description('Load the demo hospital into an empty database')
    .action(async () =>
      withDatabase(async (handle) => {
        const counts = await loadDemoHospital(handle.db, systemClock);
        const records = await loadDemoRecordsInto(handle, config());
        await recordCliAction(handle, config(), 'demo load', { action: 'create', objectType: 'demo_hospital', objectId: null, details: { ...counts, records } });
        console.log(`Demo hospital loaded: ${counts.departments} departments, ${counts.institutions} institutions, ${counts.users} users, ${records.created} records of ${config().demoPatients} synthetic patients. Evaluation only.`);
      }),
    );

  const user = program.command('user').description('Manage user accounts (acts as the installation, for the first administrator)');
  user
    .command('create')
    .description('Create a user; the password is read from stdin when piped, else prompted')
    .requiredOption('--username <username>', 'login name (lowercase)')
    .requiredOption('--display-name <name>', 'name shown in the console')
    .addOption(new Option('--role <role...>', 'one or more roles').choices([...ROLES]).makeOptionMandatory())
    .option('--department <code>', 'department code, e.g. XXK')
    .action(async (options: { username: string; displayName: string; role: string[]; department?: string }) =>
      withDatabase(async (handle) => {
        const org = createOrgModule(handle.db, systemClock);
        const departmentId = options.department ? (await org.departments.getByCode(options.department)).id : null;
        const password = await readSecret('Password: ');
        const roles = options.role.filter(isRole) as Role[];
        const created = await org.users.create({ kind: 'system' }, { username: options.username, displayName: options.displayName, departmentId, roles, password });
        await recordCliAction(handle, config(), 'user create', { action: 'create', objectType: 'user', objectId: created.id, details: { username: created.username, roles: created.roles } });
        console.log(`Created user ${created.username} (${created.roles.join(', ')}).`);
      }),
    );
  user
    .command('reset-password')
    .description("Set a user's password and end their sessions; the password is read from stdin when piped, else prompted")
    .argument('<username>')
    .action(async (username: string) =>
      withDatabase(async (handle) => {
        const org = createOrgModule(handle.db, systemClock);
        const row = await org.users.findByUsername(username);
        if (!row) throw new Error(`No user named ${username}.`);
        await org.users.resetPassword({ kind: 'system' }, row.id, await readSecret('New password: '));
        await recordCliAction(handle, config(), 'user reset-password', { action: 'update', objectType: 'user', objectId: row.id, details: { event: 'password-reset' } });
        console.log(`Password of ${username} reset; their sessions were ended.`);
      }),
    );
  user
    .command('reset-mfa')
    .description("Remove a user's two-step verification (lost authenticator) and end their sessions")
    .argument('<username>')
    .requiredOption('--reason <reason>', 'why, for the audit log')
    .action(async (username: string, options: { reason: string }) =>
      withDatabase(async (handle) => {
        const org = createOrgModule(handle.db, systemClock);
        const row = await org.users.findByUsername(username);
        if (!row) throw new Error(`No user named ${username}.`);
        await org.users.resetMfa({ kind: 'system' }, row.id, options.reason);
        await recordCliAction(handle, config(), 'user reset-mfa', { action: 'delete', objectType: 'mfa_factor', objectId: row.id, details: { event: 'mfa-reset', reason: options.reason } });
        console.log(`Two-step verification of ${username} reset; their sessions were ended.`);
      }),
    );

  const keys = program.command('keys').description('Encryption keys');
  keys
    .command('status')
    .description('Show key ids, algorithms and ages (never key material)')
    .action(async () => withDatabase(async (handle) => printKeyStatus(handle, config())));
  registerKeyRotation(keys, config);

  registerAuditCommands(program, () => config());
  registerImportCommand(program, () => config());
  registerPackageCommands(program);
  return program;
}

/** One clear line for expected failures (bad setting, unreachable database, refused input); stack traces only for bugs. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    const message = error instanceof AppError ? error.message.replace(/^[A-Z_]+: /, '') : (error as Error).message;
    const expected = error instanceof AppError || ['ConfigError', 'DatabaseUnavailableError', 'MigrationError', 'DemoNotEmptyError', 'CryptoError', 'ExportFileError', 'Error'].includes((error as Error).name);
    console.error(`yixiang: ${message}`);
    if (!expected) console.error(error);
    process.exitCode = 1;
  }
}
