// Makes sure the tests find the services they start for themselves: a
// PostgreSQL server (initdb and pg_ctl, for a private cluster in a temporary
// folder), redis-server, and nginx (the load balancer of the deployment
// test). Nothing is started here: the tests start private instances on free
// ports and stop them. PostgreSQL and Redis are not needed when
// GLOSSA_TEST_DATABASE_URL and GLOSSA_TEST_REDIS_URL name running ones.
// Installs what is missing from Debian's packages with apt-get when running
// as root; otherwise says what to install.
import { existsSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** The folder of PostgreSQL's server programs: GLOSSA_PG_BIN, else the newest /usr/lib/postgresql/<version>/bin holding initdb. */
function postgresBin() {
  if (process.env.GLOSSA_PG_BIN) return existsSync(path.join(process.env.GLOSSA_PG_BIN, 'initdb')) ? process.env.GLOSSA_PG_BIN : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = path.join(root, version, 'bin');
    if (existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

/** Whether `program` is on the PATH (or at one of the usual sbin folders, which a user's PATH may lack). */
function onPath(program) {
  const folders = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin'];
  return folders.some((folder) => folder !== '' && existsSync(path.join(folder, program)));
}

/** What is missing now: a line per thing, and the Debian packages that provide them. */
function findMissing() {
  const things = [];
  const packages = [];
  if (!process.env.GLOSSA_TEST_DATABASE_URL && postgresBin() === null) {
    things.push('PostgreSQL (initdb and pg_ctl under /usr/lib/postgresql/<version>/bin, or set GLOSSA_PG_BIN or GLOSSA_TEST_DATABASE_URL)');
    packages.push('postgresql');
  }
  if (!process.env.GLOSSA_TEST_REDIS_URL && !onPath('redis-server')) {
    things.push('redis-server (or set GLOSSA_TEST_REDIS_URL)');
    packages.push('redis-server');
  }
  if (!onPath('nginx')) {
    things.push('nginx');
    packages.push('nginx');
  }
  return { things, packages };
}

const { things, packages: missing } = findMissing();
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(`The storage and deployment tests need ${things.join(', ')}. Install with: sudo apt-get install -y ${missing.join(' ')}`);
  process.exit(1);
}
console.error(`Installing from Debian packages for the storage and deployment tests: ${missing.join(' ')}…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
const still = findMissing().things;
if (still.length > 0) {
  console.error(`apt-get finished but these are still missing: ${still.join(', ')}.`);
  process.exit(1);
}
