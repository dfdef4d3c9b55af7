/**
 * Setup of the unit test project, run before every test file: fast-check
 * properties take their seed from `GLOSSA_SEED` when it is set, and a failed
 * property says how to replay it (see `seeded.ts`).
 */
import fc from 'fast-check';
import { propertyDefaults } from './seeded.js';

fc.configureGlobal({ ...fc.readConfigureGlobal(), ...propertyDefaults() });
