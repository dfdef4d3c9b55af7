/**
 * The environment variables a relay process (bench/relay-process.ts) reads,
 * apart from that script, so that suites can name them without running it.
 */
/** The PostgreSQL database a `glossa-pg` relay serves (seeded by whichever relay finds it empty). */
export const BENCH_DATABASE_ENV = 'GLOSSA_BENCH_DATABASE_URL';
/** A Redis server for `glossa-pg` relays, when set. */
export const BENCH_REDIS_ENV = 'GLOSSA_BENCH_REDIS_URL';
/** How many documents (rooms `bench/doc0` …) a Glossa relay's project holds. @default 1 */
export const BENCH_DOCUMENTS_ENV = 'GLOSSA_BENCH_DOCUMENTS';
