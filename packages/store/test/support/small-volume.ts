/**
 * A real small file system for full-disk tests: a tmpfs of a few MiB
 * mounted on a temporary folder (this needs root; elsewhere `mountSmallVolume`
 * returns undefined and the tests that need it are skipped), and a filler
 * file that takes every free byte until it is removed.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A mounted small volume. */
export interface SmallVolume {
  /** The mount point. */
  readonly dir: string;
  /** Writes a file that fills the volume; returns how many bytes it took. */
  fill(): number;
  /** Removes the filler: the space is back. */
  free(): void;
  /** Unmounts the volume and removes its folder. */
  remove(): void;
}

/** Mounts a tmpfs of `mebibytes` MiB, or returns undefined when this process may not mount. */
export function mountSmallVolume(mebibytes: number): SmallVolume | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), 'glossa-small-volume-'));
  if (process.getuid?.() !== 0 || spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${mebibytes}m`, 'tmpfs', dir]).status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(4096, 1);
      let written = 0;
      try {
        for (;;) written += writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
      return written;
    },
    free() {
      rmSync(filler, { force: true });
    },
    remove() {
      spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether this process can mount a small volume (probed once). */
export const canMountSmallVolume: boolean = (() => {
  const volume = mountSmallVolume(1);
  volume?.remove();
  return volume !== undefined;
})();
