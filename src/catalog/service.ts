import type { Kysely } from 'kysely';
import { isUniqueViolation, type Database } from '../db/index.js';
import { AppError, Errors } from '../http/index.js';
import type { Clock } from '../lib/clock.js';
import type { UserPrincipal } from '../org/index.js';
import { definitionOf, presentResource, presentSummary, presentVersion, rowFor, type DefinitionBody, type ResourceView } from './presenters.js';
import { definitionProblems } from './rules.js';
import { existingCodes, findResource, insertResource, listResources, listVersions, replaceResource, type ResourceFilter } from './store.js';
import type { CatalogResourceDefinition } from './types.js';

/** Who changes the catalog: a signed-in editor, or the installation seeding its built-in resources. */
export type CatalogEditor = { kind: 'user'; principal: UserPrincipal; departmentCode: string | null } | { kind: 'system'; name: string };

export class CatalogService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly departmentExists: (code: string) => Promise<boolean>,
  ) {}

  async list(filter: ResourceFilter) {
    return (await listResources(this.db, filter)).map(presentSummary);
  }

  async get(code: string): Promise<ResourceView> {
    const row = await findResource(this.db, code);
    if (!row) throw new AppError(Errors.CATALOG_RESOURCE_NOT_FOUND, { code });
    return presentResource(row);
  }

  async definition(code: string): Promise<CatalogResourceDefinition | undefined> {
    const row = await findResource(this.db, code);
    return row ? { code, ...definitionOf(row) } : undefined;
  }

  /** Every current definition, for routing ingested records. */
  async definitions(): Promise<CatalogResourceDefinition[]> {
    return (await listResources(this.db, {})).map((row) => ({ code: row.code, ...definitionOf(row) }));
  }

  async versions(code: string) {
    await this.get(code);
    return (await listVersions(this.db, code)).map(presentVersion);
  }

  async create(editor: CatalogEditor, code: string, definition: DefinitionBody, changeNote?: string): Promise<ResourceView> {
    await this.check(editor, definition);
    const now = this.clock().toISOString();
    const row = rowFor(code, definition, 1, now, now);
    try {
      await this.db.transaction().execute((trx) => insertResource(trx, row, { code, version: 1, definition: row.definition, ...changedBy(editor), changed_at: now, change_note: changeNote ?? null }));
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError(Errors.CATALOG_CODE_TAKEN, { code });
      throw error;
    }
    return presentResource(row);
  }

  /** Replaces the definition as a new version. `expectedVersion` (from If-Match) guards against lost updates. */
  async update(editor: CatalogEditor, code: string, definition: DefinitionBody, options: { expectedVersion?: number; changeNote?: string } = {}): Promise<ResourceView> {
    const current = await findResource(this.db, code);
    if (!current) throw new AppError(Errors.CATALOG_RESOURCE_NOT_FOUND, { code });
    // A department head may edit only their own department's resources, and may not give them away.
    this.checkOwnership(editor, current.owner_department_code);
    await this.check(editor, definition);
    const expected = options.expectedVersion ?? current.version;
    if (expected !== current.version) throw new AppError(Errors.CATALOG_VERSION_CONFLICT, { expected, actual: current.version });
    const now = this.clock().toISOString();
    const row = rowFor(code, definition, current.version + 1, current.created_at, now);
    const replaced = await this.db.transaction().execute((trx) =>
      replaceResource(trx, row, current.version, { code, version: row.version, definition: row.definition, ...changedBy(editor), changed_at: now, change_note: options.changeNote ?? null }),
    );
    if (!replaced) throw new AppError(Errors.CATALOG_VERSION_CONFLICT, { expected, actual: current.version + 1 });
    return presentResource(row);
  }

  /** Adds the built-in resources the database does not have yet; never overwrites an edited one. */
  async seed(definitions: readonly CatalogResourceDefinition[]): Promise<string[]> {
    const present = await existingCodes(this.db);
    const added: string[] = [];
    for (const { code, ...definition } of definitions) {
      if (present.has(code)) continue;
      await this.create({ kind: 'system', name: 'built-in catalog' }, code, definition, 'built-in catalog');
      added.push(code);
    }
    return added;
  }

  private async check(editor: CatalogEditor, definition: DefinitionBody): Promise<void> {
    const problems = definitionProblems({ code: 'X', ...definition });
    if (problems.length > 0) throw new AppError(Errors.CATALOG_DEFINITION_INVALID, {}, problems.map((p) => ({ path: `body${p.path}`, message: p.message })));
    // Built-in resources name the standard department codes (YWB 医务部…); a new installation may not have
    // created those departments yet, and information administrators re-assign owners to local codes.
    if (editor.kind === 'user' && definition.ownerDepartmentCode && !(await this.departmentExists(definition.ownerDepartmentCode))) {
      throw new AppError(Errors.OWNER_DEPARTMENT_UNKNOWN, { code: definition.ownerDepartmentCode });
    }
    this.checkOwnership(editor, definition.ownerDepartmentCode);
  }

  private checkOwnership(editor: CatalogEditor, owner: string | null): void {
    if (editor.kind === 'system' || editor.principal.roles.includes('info_admin')) return;
    if (!editor.departmentCode || owner !== editor.departmentCode) throw new AppError(Errors.FORBIDDEN);
  }
}

function changedBy(editor: CatalogEditor): { changed_by: string | null; changed_by_name: string | null } {
  return editor.kind === 'user' ? { changed_by: editor.principal.userId, changed_by_name: editor.principal.username } : { changed_by: null, changed_by_name: editor.name };
}
