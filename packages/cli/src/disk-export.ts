/**
 * Writing an export to disk all or nothing: every file goes into a hidden
 * staging folder beside the target, and only a finished export is moved
 * into place. A failed or strict-refused export leaves nothing behind.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { contentChunks, type ExportContent, type ExportSink } from '@glossa/formats';
import { CliError } from './command.js';

/** Checks a sink path: relative, `/`-separated, without `.` or `..` segments. @throws RangeError otherwise. */
function checkRelativePath(relPath: string): void {
  const segments = relPath.split('/');
  if (relPath === '' || relPath.includes('\\') || path.isAbsolute(relPath) || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new RangeError(`export file path ${JSON.stringify(relPath)} must be relative and '/'-separated, without '.' or '..' segments`);
  }
}

/**
 * An `ExportSink` writing files under a root folder. Several `writeFile`
 * calls may stream at the same time (a folder format writes its split files
 * side by side); each consumes its content as it arrives, with backpressure.
 * After a write error a call keeps consuming (and discarding) its content so
 * the exporter feeding several files never waits on it forever, then rejects.
 */
export class DiskSink implements ExportSink {
  readonly #open = new Set<WriteStream>();
  readonly #written: string[] = [];

  constructor(
    /** The folder relative paths are resolved against. */
    readonly root: string,
  ) {}

  /** The relative paths written completely so far, in the order they finished. */
  get written(): readonly string[] {
    return this.#written;
  }

  async writeFile(relPath: string, content: ExportContent): Promise<void> {
    checkRelativePath(relPath);
    const target = path.join(this.root, ...relPath.split('/'));
    let failure: Error | undefined;
    let stream: WriteStream | undefined;
    try {
      await mkdir(path.dirname(target), { recursive: true });
      stream = createWriteStream(target, { flags: 'wx' });
      this.#open.add(stream);
      stream.on('error', (error) => (failure ??= error));
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    for await (const chunk of contentChunks(content)) {
      if (failure !== undefined || stream === undefined) continue;
      try {
        if (!stream.write(chunk)) await once(stream, 'drain');
      } catch (error) {
        failure ??= error instanceof Error ? error : new Error(String(error));
      }
    }
    if (stream !== undefined) {
      try {
        if (failure === undefined) {
          stream.end();
          await finished(stream);
        } else stream.destroy();
      } catch (error) {
        failure ??= error instanceof Error ? error : new Error(String(error));
      } finally {
        this.#open.delete(stream);
      }
    }
    if (failure !== undefined) throw failure;
    this.#written.push(relPath);
  }

  /** Closes every file still being written (after the export failed). */
  abort(): void {
    for (const stream of this.#open) stream.destroy();
    this.#open.clear();
  }
}

/**
 * A sink for `--out -`: the main file goes to standard output; an export
 * that writes any other file (a sidecar, one file per annotator) fails.
 */
export class StdoutSink implements ExportSink {
  constructor(
    readonly out: Writable,
    /** The only file name accepted. */
    readonly mainFile: string,
    readonly format: string,
  ) {}

  async writeFile(relPath: string, content: ExportContent): Promise<void> {
    const accepted = relPath === this.mainFile;
    for await (const chunk of contentChunks(content)) {
      if (accepted && !this.out.write(chunk)) await once(this.out, 'drain');
    }
    if (!accepted) {
      throw new CliError(`glossa export: --out - writes one file to standard output, but this ${this.format} export also writes ${relPath}; give --out a file name instead`);
    }
  }
}

/** Where an export is staged and how it is moved into place. */
export interface StagedExport {
  /** The sink writing into the staging folder. */
  readonly sink: DiskSink;
  /** The main file's name for `file` formats (`ctx.fileName`). */
  readonly fileName?: string;
  /** Moves the finished export into place. */
  commit(): Promise<void>;
  /** Removes the staging folder and everything written to it. */
  discard(): Promise<void>;
}

async function statOrUndefined(file: string): Promise<Awaited<ReturnType<typeof stat>> | undefined> {
  try {
    return await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A name beside `target` that does not exist yet (`.<name>.old-<pid>-<n>`). */
async function unusedSibling(target: string, tag: string): Promise<string> {
  for (let n = 0; ; n++) {
    const candidate = path.join(path.dirname(target), `.${path.basename(target)}.${tag}-${process.pid}-${n}`);
    if ((await statOrUndefined(candidate)) === undefined) return candidate;
  }
}

/**
 * Checks `--out` and creates the staging folder beside it.
 *
 * - `file`: `target` names the one file the export writes. An existing
 *   file of that name is replaced; a folder is refused.
 * - `folder` (folder formats, and the folder form of a file format):
 *   `target` names a folder, created by the export. An
 *   existing non-empty folder is refused unless `force`, in which case its
 *   old content is removed once the new export is in place.
 *
 * The parent folder must exist. Fails with a `CliError` naming `shownAs`.
 */
export async function stageExport(target: string, kind: 'file' | 'folder', force: boolean, shownAs: string): Promise<StagedExport> {
  const parent = path.dirname(target);
  const parentStat = await statOrUndefined(parent);
  if (parentStat === undefined || !parentStat.isDirectory()) {
    throw new CliError(`glossa export: cannot write ${shownAs}: the folder ${path.dirname(shownAs)} does not exist; create it first`);
  }
  const existing = await statOrUndefined(target);
  if (kind === 'file' && existing?.isDirectory() === true) {
    throw new CliError(`glossa export: cannot write ${shownAs}: it is a folder; this format writes a file, so --out must name a file`);
  }
  if (kind === 'folder' && existing !== undefined) {
    if (!existing.isDirectory()) throw new CliError(`glossa export: cannot write ${shownAs}: it is a file; this format writes a folder, so --out must name a new or empty folder`);
    if (!force && (await readdir(target)).length > 0) {
      throw new CliError(`glossa export: ${shownAs} is a folder that is not empty; choose a new or empty folder, or give --force to replace its content`);
    }
  }
  let stage: string;
  try {
    stage = await mkdtemp(path.join(parent, `.${path.basename(target)}.partial-`));
  } catch (error) {
    throw new CliError(`glossa export: cannot write ${shownAs}: ${(error as Error).message}`);
  }
  const sink = new DiskSink(stage);
  const discard = async (): Promise<void> => {
    sink.abort();
    await rm(stage, { recursive: true, force: true });
  };
  if (kind === 'file') {
    return {
      sink,
      fileName: path.basename(target),
      async commit() {
        const name = path.basename(target);
        const others = sink.written.filter((relPath) => relPath !== name);
        if (others.length > 0 || !sink.written.includes(name)) {
          throw new Error(`glossa export: the export was to write ${shownAs} alone, but wrote ${sink.written.length === 0 ? 'nothing' : sink.written.join(', ')}; nothing was written`);
        }
        await rename(path.join(stage, name), target);
        await rm(stage, { recursive: true, force: true });
      },
      discard,
    };
  }
  return {
    sink,
    async commit() {
      if ((await statOrUndefined(target)) === undefined) {
        await rename(stage, target);
        return;
      }
      const old = await unusedSibling(target, 'old');
      await rename(target, old);
      await rename(stage, target);
      await rm(old, { recursive: true, force: true });
    },
    discard,
  };
}
