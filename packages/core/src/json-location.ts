/**
 * JSON text with positions: a scanner that finds syntax errors and duplicate
 * keys and records where each value starts, so that errors about a parsed
 * value can carry a line and column. @internal
 */
import { OffsetIndex } from './offsets.js';

/** The path of a key under `parent`, e.g. `labels[4].hotkey`. */
export function childPath(parent: string, key: string): string {
  const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (segment.startsWith('[')) return `${parent}${segment}`;
  return parent ? `${parent}.${segment}` : segment;
}

/** The path of an array element under `parent`. */
export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** A problem found while scanning JSON text: where (UTF-16 offset and value path) and what was expected. */
export interface JsonSyntaxError {
  /** UTF-16 offset into the text. */
  readonly offset: number;
  /** The path of the value being read, e.g. `labels[4].hotkey`. */
  readonly path: string;
  readonly message: string;
}

/** How deep objects and arrays may nest in schema JSON; a schema needs 4 levels. */
const MAX_JSON_DEPTH = 64;

/** Thrown inside the JSON scanner only; turned into a {@link SchemaError}. */
export class JsonScanStop extends Error {
  constructor(readonly problem: JsonSyntaxError) {
    super(problem.message);
  }
}

/**
 * Scans JSON text for syntax errors and duplicate keys, and records where
 * each value starts so that schema errors can carry a line and column. The
 * engine's own `JSON.parse` messages differ between browsers and Node and
 * some carry no position, so the scan does not rely on them.
 */
export class JsonScanner {
  private offset = 0;
  /** The offset where the value at each path starts. */
  readonly starts = new Map<string, number>();
  /** Keys written twice in one object (JSON.parse would keep the last one silently). */
  readonly duplicates: JsonSyntaxError[] = [];

  constructor(private readonly text: string) {}

  /** Scans the whole text. @throws JsonScanStop at the first syntax error. */
  scan(): void {
    if (this.text.charCodeAt(0) === 0xfeff) this.offset = 1;
    this.skipSpace();
    this.value('', 0);
    this.skipSpace();
    if (this.offset < this.text.length) this.stop('', 'unexpected text after the end of the JSON value; expected the end of the file');
  }

  private stop(path: string, message: string): never {
    throw new JsonScanStop({ offset: this.offset, path, message });
  }

  private found(): string {
    if (this.offset >= this.text.length) return 'the end of the text';
    return JSON.stringify(String.fromCodePoint(this.text.codePointAt(this.offset) ?? 0));
  }

  private skipSpace(): void {
    while (this.offset < this.text.length) {
      const c = this.text[this.offset];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return;
      this.offset++;
    }
  }

  private value(path: string, depth: number): void {
    this.starts.set(path, this.offset);
    if (depth > MAX_JSON_DEPTH) this.stop(path, `objects and arrays are nested more than ${MAX_JSON_DEPTH} deep; expected a flatter schema`);
    const c = this.text[this.offset];
    if (c === '{') this.object(path, depth);
    else if (c === '[') this.array(path, depth);
    else if (c === '"') this.string(path);
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) this.number(path);
    else if (!this.literal()) this.stop(path, `expected a JSON value (object, array, string, number, true, false or null), found ${this.found()}`);
  }

  private literal(): boolean {
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.offset)) {
        this.offset += word.length;
        return true;
      }
    }
    return false;
  }

  private number(path: string): void {
    const pattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    pattern.lastIndex = this.offset;
    const match = pattern.exec(this.text);
    if (!match) this.stop(path, `expected a number, found ${this.found()}`);
    this.offset += match[0].length;
  }

  private string(path: string): string {
    const start = this.offset;
    this.offset++;
    while (this.offset < this.text.length) {
      const code = this.text.charCodeAt(this.offset);
      if (code === 0x22) {
        this.offset++;
        return JSON.parse(this.text.slice(start, this.offset)) as string;
      }
      if (code < 0x20) this.stop(path, 'a string must not contain a raw line break or control character; expected a closing \'"\' on the same line, or write "\\n"');
      if (code === 0x5c) {
        const escape = this.text[this.offset + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.offset + 2, this.offset + 6))) {
            this.stop(path, 'expected four hexadecimal digits after "\\u"');
          }
          this.offset += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) {
          this.stop(path, `invalid escape "\\${escape ?? ''}"; expected one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX`);
        }
        this.offset += 2;
        continue;
      }
      this.offset++;
    }
    this.offset = start;
    return this.stop(path, 'unterminated string; expected a closing \'"\'');
  }

  private object(path: string, depth: number): void {
    this.offset++;
    this.skipSpace();
    if (this.text[this.offset] === '}') {
      this.offset++;
      return;
    }
    const keys = new Set<string>();
    for (;;) {
      this.skipSpace();
      if (this.text[this.offset] !== '"') {
        const trailing = this.text[this.offset] === '}' ? ' (a trailing comma is not allowed)' : '';
        this.stop(path, `expected a property name in double quotes, found ${this.found()}${trailing}`);
      }
      const keyOffset = this.offset;
      const key = this.string(path);
      const keyPath = childPath(path, key);
      if (keys.has(key)) {
        this.duplicates.push({ offset: keyOffset, path: keyPath, message: `the key ${JSON.stringify(key)} appears twice in this object; expected each key once` });
      }
      keys.add(key);
      this.skipSpace();
      if (this.text[this.offset] !== ':') this.stop(keyPath, `expected ":" after the property name ${JSON.stringify(key)}, found ${this.found()}`);
      this.offset++;
      this.skipSpace();
      this.value(keyPath, depth + 1);
      this.skipSpace();
      const next = this.text[this.offset];
      if (next === '}') {
        this.offset++;
        return;
      }
      if (next !== ',') this.stop(keyPath, `expected "," or "}" after the value of ${JSON.stringify(key)}, found ${this.found()}`);
      this.offset++;
    }
  }

  private array(path: string, depth: number): void {
    this.offset++;
    this.skipSpace();
    if (this.text[this.offset] === ']') {
      this.offset++;
      return;
    }
    for (let index = 0; ; index++) {
      this.skipSpace();
      const itemPath = indexPath(path, index);
      if (this.text[this.offset] === ']') this.stop(itemPath, 'expected a value, found "]" (a trailing comma is not allowed)');
      this.value(itemPath, depth + 1);
      this.skipSpace();
      const next = this.text[this.offset];
      if (next === ']') {
        this.offset++;
        return;
      }
      if (next !== ',') this.stop(itemPath, `expected "," or "]" after an array item, found ${this.found()}`);
      this.offset++;
    }
  }
}

/**
 * Lines and columns of one text, for many offsets: the line starts are found
 * once, and each lookup is a binary search plus an {@link OffsetIndex} lookup,
 * so reporting thousands of errors of a large (even single-line) JSON text
 * stays linear. Columns count code points, and a byte order mark at the start
 * of the text is not a column.
 */
export class LinePositions {
  private readonly lineStarts: number[] = [0];
  private readonly offsets: OffsetIndex;
  private readonly bom: number;

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    this.offsets = new OffsetIndex(text);
    this.bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  /** The 1-based line and column (in code points) of a UTF-16 offset; offsets past the end are clamped. */
  at(offset: number): { line: number; column: number } {
    const clamped = Math.max(0, Math.min(this.text.length, offset));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.lineStarts[mid] as number) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = Math.max(this.lineStarts[lo] as number, lo === 0 ? Math.min(this.bom, clamped) : 0);
    const column = this.codePoint(clamped) - this.codePoint(lineStart) + 1;
    return { line: lo + 1, column };
  }

  /** The code point offset of a UTF-16 offset, rounding one inside a surrogate pair down. */
  private codePoint(utf16: number): number {
    return this.offsets.isBoundary(utf16) ? this.offsets.toCodePoint(utf16) : this.offsets.toCodePoint(utf16 - 1);
  }
}

/** The start offset of the value at `path`, or of its nearest recorded ancestor. */
export function startOf(path: string, starts: ReadonlyMap<string, number>): number | undefined {
  let current = path;
  for (;;) {
    const start = starts.get(current);
    if (start !== undefined) return start;
    if (current === '') return undefined;
    const cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
    current = cut <= 0 ? '' : current.slice(0, cut);
  }
}
