export { CatalogService, type CatalogEditor } from './service.js';
export { catalogRoutes } from './routes.js';
export { definitionProblems, SUPPORTED_FHIR_TYPES } from './rules.js';
export type { CatalogTables } from './tables.js';
export * from './types.js';
