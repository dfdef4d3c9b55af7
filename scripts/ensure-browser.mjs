// Makes sure the browser tests find what they assume: Debian's Chromium and
// the fonts the workbench's styles fall back to here (DejaVu Sans and Serif
// for text, Noto Color Emoji for emoji), so every machine lays out the pages
// alike. Each is checked on its own, so fonts missing beside an installed
// Chromium are installed too. Installs what is missing with apt-get when
// running as root; otherwise says what to install. Never downloads a browser
// build.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CHROMIUM = process.env.GLOSSA_CHROMIUM ?? '/usr/bin/chromium';

/** The font families the tests assume, each with the Debian package that provides it. */
const FONTS = [
  { family: 'DejaVu Sans', pkg: 'fonts-dejavu-core' },
  { family: 'DejaVu Serif', pkg: 'fonts-dejavu-core' },
  { family: 'Noto Color Emoji', pkg: 'fonts-noto-color-emoji' },
];

/** The font families fontconfig knows, or an empty set when `fc-list` cannot run. */
function installedFamilies() {
  try {
    const out = execFileSync('fc-list', [':', 'family'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return new Set(out.split('\n').flatMap((line) => line.split(',')).map((family) => family.trim()).filter((family) => family !== ''));
  } catch {
    return new Set();
  }
}

/** What is missing now: a line per thing, and the Debian packages that provide them. */
function findMissing() {
  const families = installedFamilies();
  const things = [];
  const packages = new Set();
  if (!existsSync(CHROMIUM)) {
    things.push(`Chromium at ${CHROMIUM} (or set GLOSSA_CHROMIUM)`);
    packages.add('chromium');
  }
  for (const font of FONTS) {
    if (families.has(font.family)) continue;
    things.push(`the font ${font.family}`);
    packages.add(font.pkg);
  }
  return { things, packages: [...packages] };
}

const { things, packages: missing } = findMissing();
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(`Browser tests need ${things.join(', ')}. Install with: sudo apt-get install -y ${missing.join(' ')}`);
  process.exit(1);
}
console.error(`Installing from Debian packages for the browser tests: ${missing.join(' ')}…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
const still = findMissing().things;
if (still.length > 0) {
  console.error(`apt-get finished but these are still missing: ${still.join(', ')} (fonts are looked up with fc-list).`);
  process.exit(1);
}
