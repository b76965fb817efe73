export { PolicyService, type PolicySettingView, type PolicyChange } from './service.js';
export { policyRoutes } from './routes.js';
export { POLICY_SETTINGS, POLICY_KEYS, MASKING_STRATEGIES, isPolicyKey, type PolicyKey, type PolicyValue } from './settings.js';
export type { PolicyTables } from './tables.js';
