/**
 * The files named on `glossa import`'s command line: read from disk (folders
 * walked), checked against the size limit before reading, and grouped into
 * one source per format and folder, each with its format detected from the
 * extension or the folder's content when `--format` is not given.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FormatIssue, ImportFile } from '@glossa/formats';
import type { FormatImportSource } from '@glossa/store';
import { CliError } from './command.js';

/** The format a file extension implies, before looking at the content. */
export const EXTENSION_FORMATS: Readonly<Record<string, string>> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.jsonl': 'jsonl',
  '.json': 'labelstudio',
  '.jsonld': 'w3c',
  '.conll': 'conll',
  '.iob': 'conll',
  '.bio': 'conll',
  '.tsv': 'webanno',
  '.ann': 'brat',
};

/** The formats whose files make sense one by one, so a folder of them is a set of files. */
const FILE_WISE = new Set(['txt', 'md', 'html', 'jsonl', 'labelstudio', 'conll']);

/** The extensions of a format, for filtering a folder's files. */
function extensionsOf(format: string): string[] {
  return Object.entries(EXTENSION_FORMATS)
    .filter(([, f]) => f === format)
    .map(([ext]) => ext);
}

function extensionOf(file: string): string {
  return path.extname(file).toLowerCase();
}

/** The first non-empty line of a text, parsed as JSON, or undefined. */
function firstJsonLine(bytes: Uint8Array): unknown {
  const text = new TextDecoder().decode(bytes.subarray(0, 1 << 20));
  const line = text.split('\n').find((l) => l.trim() !== '');
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The format of one file: its extension, refined by its content where two
 * formats share an extension (`.jsonl`: native or doccano; `.json`: Label
 * Studio tasks or a W3C annotation page).
 */
export function detectFileFormat(file: string, bytes: Uint8Array): string | undefined {
  const format = EXTENSION_FORMATS[extensionOf(file)];
  if (format === 'jsonl') {
    const first = firstJsonLine(bytes);
    if (isObject(first) && first['spans'] === undefined && (Array.isArray(first['label']) || Array.isArray(first['entities']))) return 'doccano';
  }
  if (format === 'labelstudio') {
    const first = firstJsonLine(bytes);
    if (isObject(first) && typeof first['type'] === 'string' && /^Annotation/.test(first['type'])) return 'w3c';
    const whole = (() => {
      try {
        return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
      } catch {
        return undefined;
      }
    })();
    if (isObject(whole) && typeof whole['type'] === 'string' && /^Annotation/.test(whole['type'])) return 'w3c';
  }
  return format;
}

/** The format of a folder from the files in it (relative paths). */
export function detectFolderFormat(files: readonly string[]): string | undefined {
  const extensions = new Set(files.map(extensionOf));
  if (extensions.has('.ann')) return 'brat';
  if (extensions.has('.tsv')) return 'webanno';
  if (extensions.has('.jsonld')) return 'w3c';
  if (extensions.has('.jsonl') && [...extensions].every((e) => e === '.jsonl' || e === '.json')) return 'doccano';
  if (extensions.has('.json')) return 'labelstudio';
  if (extensions.has('.conll')) return 'conll';
  if (extensions.has('.txt') && [...extensions].every((e) => e === '.txt')) return 'txt';
  return undefined;
}

/** What `readImportFiles` found: sources ready for `importFiles`, and files refused before reading. */
export interface GatheredFiles {
  readonly sources: FormatImportSource[];
  /** Files over the size limit (refused without reading them). */
  readonly issues: FormatIssue[];
}

/** Every file under `dir`, relative and `/`-separated, sorted; hidden files and folders are skipped. */
async function walk(dir: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await walk(dir, rel)));
    else if (entry.isFile() || entry.isSymbolicLink()) files.push(rel);
  }
  return files;
}

function cannotRead(shownAs: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
  return new CliError(`glossa import: cannot read ${shownAs}: ${reason}`);
}

/** Reads a file when it is within the limit; otherwise records an issue and returns undefined. */
async function readLimited(file: string, shownAs: string, size: number, maxBytes: number, issues: FormatIssue[]): Promise<Uint8Array | undefined> {
  if (size > maxBytes) {
    issues.push({ file: shownAs, message: `file is ${size} bytes, over the import limit of ${maxBytes} bytes (${(maxBytes / 1024 / 1024).toFixed(0)} MiB); split it into smaller files` });
    return undefined;
  }
  try {
    return await readFile(file);
  } catch (error) {
    throw cannotRead(shownAs, error);
  }
}

/**
 * Reads the files and folders named on the command line. A folder is one
 * source of its format (detected from its files unless `format` is given);
 * files of the same format in the same directory form one source, so a
 * brat `.txt` and `.ann` pair or one CoNLL file per annotator read together.
 *
 * @throws CliError for a path that cannot be read or whose format cannot be told.
 */
export async function readImportFiles(paths: readonly string[], cwd: string, format: string | undefined, maxBytes: number): Promise<GatheredFiles> {
  const issues: FormatIssue[] = [];
  const folders: FormatImportSource[] = [];
  const byDirAndFormat = new Map<string, { format: string; root: string | undefined; files: ImportFile[] }>();
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      throw cannotRead(given, error);
    }
    if (info.isDirectory()) {
      let relPaths = await walk(absolute);
      const folderFormat = format ?? detectFolderFormat(relPaths);
      if (folderFormat === undefined) {
        throw new CliError(`glossa import: ${given}: cannot tell the format of this folder from its files; expected brat (.txt + .ann), webanno (.tsv), w3c (.jsonld + texts/), doccano (.jsonl), labelstudio (.json), conll or txt files, or give --format`);
      }
      if (FILE_WISE.has(folderFormat)) relPaths = relPaths.filter((rel) => extensionsOf(folderFormat).includes(extensionOf(rel)));
      if (relPaths.length === 0) throw new CliError(`glossa import: ${given}: the folder holds no ${folderFormat} files`);
      const files: ImportFile[] = [];
      for (const rel of relPaths) {
        const full = path.join(absolute, ...rel.split('/'));
        const shownAs = `${given.replace(/[/\\]+$/, '')}/${rel}`;
        const size = (await stat(full)).size;
        const bytes = await readLimited(full, shownAs, size, maxBytes, issues);
        if (bytes !== undefined) files.push({ path: rel, bytes });
      }
      folders.push({ format: folderFormat, root: given.replace(/[/\\]+$/, ''), files });
      continue;
    }
    const bytes = await readLimited(absolute, given, info.size, maxBytes, issues);
    if (bytes === undefined) continue;
    const fileFormat = format ?? detectFileFormat(given, bytes);
    if (fileFormat === undefined) {
      throw new CliError(`glossa import: ${given}: cannot tell the format from the extension; expected one of ${Object.keys(EXTENSION_FORMATS).join(' ')}, or give --format`);
    }
    const dir = path.dirname(given);
    const key = `${fileFormat}\u0000${dir}`;
    let group = byDirAndFormat.get(key);
    if (group === undefined) {
      group = { format: fileFormat, root: dir === '.' ? undefined : dir, files: [] };
      byDirAndFormat.set(key, group);
    }
    if (!group.files.some((f) => f.path === path.basename(given))) group.files.push({ path: path.basename(given), bytes });
  }
  const grouped = [...byDirAndFormat.values()].map(({ format: f, root, files }): FormatImportSource => ({ format: f, files, ...(root === undefined ? {} : { root }) }));
  return { sources: [...grouped, ...folders], issues };
}
