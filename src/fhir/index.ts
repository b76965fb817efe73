export { fhirIngestRoutes } from './ingest-routes.js';
export { fhirReadRoutes } from './read-routes.js';
