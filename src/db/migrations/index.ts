import type { Migration, MigrationProvider } from 'kysely';
import * as organisation from './0001-organisation.js';

/**
 * Migrations are listed explicitly (not discovered on disk) so the compiled build and the test
 * runner see the same set, in the same order.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-organisation': organisation,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return MIGRATIONS;
  },
};
