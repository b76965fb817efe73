export { loadDemoHospital, isEmptyDatabase, demoId, DemoNotEmptyError } from './load.js';
export { DEMO_PASSWORD, DEMO_USERS, DEMO_DEPARTMENTS, DEMO_INSTITUTIONS } from './hospital.js';
export { loadDemoRecords, type DemoRecordsSummary } from './clinical-load.js';
