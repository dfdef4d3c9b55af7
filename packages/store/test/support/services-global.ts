/**
 * The unit tests' global setup: a state folder for the services the tests
 * share (see `services.ts`), named to every test worker by an environment
 * variable, and a teardown that stops whatever was started in it. Nothing is
 * started here: a run whose tests need no database starts none.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVICES_DIR_ENV, stopSharedServices } from './services.js';

export default async function setup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'glossa-services-'));
  process.env[SERVICES_DIR_ENV] = dir;
  return () => stopSharedServices(dir);
}
