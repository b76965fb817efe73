export { AccessService, type AccessContext, type AccessResult } from './service.js';
export { recordRoutes, purposeOf } from './routes.js';
export { departmentScope, type DepartmentScope } from './department-rule.js';
export { PURPOSES_OF_USE, isPurposeOfUse, type PurposeOfUse } from './purpose.js';
