export { createOrgModule, type OrgModule } from './module.js';
export { authRoutes } from './auth-routes.js';
export { managementRoutes } from './management-routes.js';
export type { InstitutionPrincipal, Principal, UserPrincipal } from './principal.js';
export { ROLES, PERMISSIONS, permissionsFor, hasPermission, isRole, type Role, type Permission } from './roles.js';
export type { OrgTables, DepartmentRow, UserRow, InstitutionRow } from './tables.js';
export { checkPassword } from './password-policy.js';
export { hashPassword } from './password-hash.js';
export type { Actor, NewUser } from './user-service.js';
