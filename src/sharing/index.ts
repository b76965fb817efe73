export { precheck, blocks, type Finding, type Severity, type CheckName, type PrecheckContext } from './prechecks.js';
export * from './types.js';
