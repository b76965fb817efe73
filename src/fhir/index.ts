export { fhirIngestRoutes } from './ingest-routes.js';
