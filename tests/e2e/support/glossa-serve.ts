/**
 * `glossa serve` as a real process, on port 0, with any further flags
 * (`--allow-origin`, `--static`), stopped with SIGTERM as an operator would.
 */
import { spawnGlossa } from '../../../packages/cli/test/support/spawn-glossa.js';

/** A listening `glossa serve`. */
export interface GlossaServe {
  /** Its base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Sends SIGTERM and resolves with the exit code once the process has exited. */
  stop(): Promise<number | null>;
}

/**
 * Spawns `glossa serve --port 0 --data dataDir flags…` and resolves once it
 * prints the address it serves at.
 * @throws Error with its standard error when it exits before listening.
 */
export async function startGlossaServe(dataDir: string, flags: readonly string[] = []): Promise<GlossaServe> {
  const child = spawnGlossa(['serve', '--port', '0', '--data', dataDir, ...flags]);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const address = /serving at (http:\/\/[\d.]+:\d+)\//.exec(stdout)?.[1];
      if (address !== undefined) resolve(address);
    });
    void exited.then((code) => reject(new Error(`glossa serve exited (${code}) before listening:\n${stderr}`)));
  });
  return {
    url,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
