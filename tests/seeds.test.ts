import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { contrastRatio, documentLabelGroupById, formatSchemaError, GOLD_LAYER, hotkeyMap, labelsByGroup, parseHexColor, parseSchemaJson } from '@glossa/core';
import type { LabelSchema } from '@glossa/core';
import { formatIssue, getFormat, serializeJsonlLine } from '@glossa/formats';
import type { CorpusDocument, CorpusSpan } from '@glossa/formats';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const seedsDir = `${repoRoot}seeds/`;
/** The reference copy of the seed texts, beside the repository when it is checked out with its shared folder. */
const sharedSeedsDir = `${repoRoot}../shared/seeds/`;

interface ManifestEntry {
  readonly id: string;
  readonly file: string;
  readonly title: string;
  readonly kind: string;
  readonly country: readonly string[];
  readonly source: string;
  readonly date?: string;
  readonly dateAsWritten?: string;
  readonly language: string;
  readonly sha256: string;
}

interface Manifest {
  readonly version: number;
  readonly schema: string;
  readonly documents: readonly ManifestEntry[];
}

const manifest = JSON.parse(readFileSync(`${seedsDir}manifest.json`, 'utf8')) as Manifest;
const seedFiles = readdirSync(seedsDir)
  .filter((name) => name.endsWith('.txt'))
  .sort();

/** CIELAB coordinates (D65 white) of a `#rrggbb` color. */
function toLab(hex: string): [number, number, number] {
  const rgb = parseHexColor(hex);
  if (!rgb) throw new Error(`not a color: ${hex}`);
  const linear = [rgb.r, rgb.g, rgb.b].map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const [r, g, b] = linear;
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27) * t / 116 + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

function loadSchema(): LabelSchema {
  const result = parseSchemaJson(readFileSync(`${seedsDir}${manifest.schema}`, 'utf8'));
  if (!result.ok) throw new Error(`seeds/schema.json is invalid:\n${result.errors.map(formatSchemaError).join('\n')}`);
  return result.value;
}

describe('seeds/schema.json', () => {
  it('validates with no errors', () => {
    const result = parseSchemaJson(readFileSync(`${seedsDir}schema.json`, 'utf8'));
    expect(result.ok ? [] : result.errors.map(formatSchemaError)).toEqual([]);
  });

  it('has the policy labels in their four groups, and boilerplate excluded from export', () => {
    const grouped = labelsByGroup(loadSchema()).map((entry) => [entry.group?.id, entry.labels.map((label) => label.id)]);
    expect(grouped).toEqual([
      ['enforcement', ['militarization', 'police-professionalization', 'intelligence-technology', 'financial-targeting']],
      ['prevention', ['social-prevention', 'community-policing', 'drug-policy', 'victim-support']],
      ['institutions', ['justice-reform', 'anti-corruption', 'human-rights', 'government-coordination', 'international-cooperation']],
      ['context', ['resources-budget', 'crime-statistics', 'political-context']],
      [undefined, ['boilerplate']],
    ]);
    const excluded = loadSchema().labels.filter((label) => label.excludeFromExport === true);
    expect(excluded.map((label) => label.id)).toEqual(['boilerplate']);
  });

  it('gives every label a hotkey, a one-sentence description and a color readable under black text', () => {
    const schema = loadSchema();
    expect(schema.textColor).toBe('#000000');
    expect(hotkeyMap(schema).size).toBe(schema.labels.length);
    for (const label of schema.labels) {
      expect(label.hotkey, label.id).toMatch(/^[0-9a-z]$/);
      expect(label.description, label.id).toMatch(/^[A-Z][^.]*(\.[^ ][^.]*)*\.$/);
      expect(contrastRatio(label.color, '#000000'), label.id).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('gives labels colors that are clearly distinct from each other', () => {
    const colors = loadSchema().labels.map((label) => ({ id: label.id, lab: toLab(label.color) }));
    for (const [i, a] of colors.entries()) {
      for (const b of colors.slice(i + 1)) {
        // CIE76 color difference: about 2 is just noticeable; above 12 two colors read as different.
        const difference = Math.hypot(a.lab[0] - b.lab[0], a.lab[1] - b.lab[1], a.lab[2] - b.lab[2]);
        expect(difference, `${a.id} and ${b.id}`).toBeGreaterThan(12);
      }
    }
  });

  it('has the document-label groups kind, stance-on-militarization and country', () => {
    const schema = loadSchema();
    expect(documentLabelGroupById(schema, 'kind')).toMatchObject({
      choice: 'single',
      values: ['interview', 'campaign-platform', 'news-brief', 'news-report', 'government-communique'],
    });
    expect(documentLabelGroupById(schema, 'stance-on-militarization')).toMatchObject({
      choice: 'single',
      values: ['supports', 'opposes', 'mixed', 'not-addressed'],
    });
    expect(documentLabelGroupById(schema, 'country')?.choice).toBe('multiple');
    expect(documentLabelGroupById(schema, 'country')?.values).toEqual(expect.arrayContaining(['mexico', 'peru']));
  });
});

describe('seeds/manifest.json', () => {
  it('lists every seed file, and only those', () => {
    expect(seedFiles).toHaveLength(5);
    expect(manifest.documents.map((entry) => entry.file).sort()).toEqual(seedFiles);
  });

  it('names each document after its file', () => {
    for (const entry of manifest.documents) expect(entry.file).toBe(`${entry.id}.txt`);
    expect(new Set(manifest.documents.map((entry) => entry.id)).size).toBe(manifest.documents.length);
  });

  it('uses only values of the schema document-label groups for kind and country', () => {
    const schema = loadSchema();
    const kinds = documentLabelGroupById(schema, 'kind')?.values ?? [];
    const countries = documentLabelGroupById(schema, 'country')?.values ?? [];
    for (const entry of manifest.documents) {
      expect(kinds, entry.id).toContain(entry.kind);
      expect(entry.country.length, entry.id).toBeGreaterThan(0);
      for (const country of entry.country) expect(countries, entry.id).toContain(country);
    }
    // The corpus has one document of each kind.
    expect(manifest.documents.map((entry) => entry.kind).sort()).toEqual([...kinds].sort());
  });

  it('gives every document a title, a source and, where there is one, a real ISO date', () => {
    for (const entry of manifest.documents) {
      expect(entry.title.trim(), entry.id).not.toBe('');
      expect(entry.source.trim(), entry.id).not.toBe('');
      expect(entry.language).toBe('en');
      if (entry.date === undefined) {
        expect(entry.dateAsWritten, entry.id).toBeUndefined();
        continue;
      }
      expect(entry.date, entry.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(new Date(`${entry.date}T00:00:00Z`).toISOString().slice(0, 10), entry.id).toBe(entry.date);
      // The date as written appears in the text itself.
      const text = readFileSync(`${seedsDir}${entry.file}`, 'utf8');
      expect(text, entry.id).toContain(entry.dateAsWritten);
    }
  });

  it('records the hash of each file as it is', () => {
    for (const entry of manifest.documents) {
      const hash = createHash('sha256').update(readFileSync(`${seedsDir}${entry.file}`)).digest('hex');
      expect(hash, entry.file).toBe(entry.sha256);
    }
  });
});

describe('seed texts', () => {
  it('are valid UTF-8 that keeps the noise of the web pages', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (const file of seedFiles) expect(() => decoder.decode(readFileSync(`${seedsDir}${file}`)), file).not.toThrow();
    expect(readFileSync(`${seedsDir}001_fb87d69a1fc6aabf.txt`, 'utf8')).toContain('MedellÃn');
    expect(readFileSync(`${seedsDir}002_b9dd55d4eb8bd278.txt`, 'utf8')).toMatch(/^HomeNewsBrief/);
  });

  it('are byte-identical to the reference copy when it is present', () => {
    const reference = existsSync(sharedSeedsDir) ? readdirSync(sharedSeedsDir).filter((name) => name.endsWith('.txt')).sort() : seedFiles;
    expect(reference).toEqual(seedFiles);
    for (const file of seedFiles) {
      const ours = readFileSync(`${seedsDir}${file}`);
      const theirs = existsSync(sharedSeedsDir) ? readFileSync(`${sharedSeedsDir}${file}`) : ours;
      expect(Buffer.compare(ours, theirs), file).toBe(0);
    }
  });

  it('are all described in seeds/README.md', () => {
    const readme = readFileSync(`${seedsDir}README.md`, 'utf8');
    for (const file of [...seedFiles, 'schema.json', 'manifest.json']) expect(readme, file).toContain(file.endsWith('.txt') ? file : `\`${file}\``);
  });
});

/** The fewest gold spans any span label of the schema may have. */
const MIN_GOLD_EXAMPLES = 5;

/** The gold layer, read with the native JSONL importer against the seed schema. */
async function loadGold(): Promise<readonly CorpusDocument[]> {
  const jsonl = getFormat('jsonl')?.import;
  if (jsonl === undefined) throw new Error('the jsonl format has no importer');
  const result = await jsonl({ files: [{ path: 'seeds/gold.jsonl', bytes: readFileSync(`${seedsDir}gold.jsonl`) }] }, { schema: loadSchema() });
  if (!result.ok) throw new Error(`seeds/gold.jsonl does not import:\n${result.errors.map(formatIssue).join('\n')}`);
  return result.value;
}

function overlaps(a: CorpusSpan, b: CorpusSpan): boolean {
  return a.start < b.end && b.start < a.end;
}

describe('seeds/gold.jsonl', () => {
  it('imports with the JSONL importer: one document per seed file, with its id and exactly its text', async () => {
    const gold = await loadGold();
    expect(gold.map((doc) => doc.id)).toEqual(manifest.documents.map((entry) => entry.id));
    for (const doc of gold) expect(doc.text === readFileSync(`${seedsDir}${doc.id}.txt`, 'utf8'), doc.id).toBe(true);
  });

  it('writes offsets in code points within each text, and the same lines when serialized again', async () => {
    const gold = await loadGold();
    const lines = readFileSync(`${seedsDir}gold.jsonl`, 'utf8').split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(gold.length);
    for (const [i, doc] of gold.entries()) {
      const raw = JSON.parse(lines[i] as string) as { spans: { id: string; start: number; end: number }[] };
      const codePoints = Array.from(doc.text);
      for (const span of raw.spans) {
        expect(span.start >= 0 && span.start < span.end && span.end <= codePoints.length, `${doc.id} ${span.id}`).toBe(true);
        const inUnits = doc.spans.find((s) => s.id === span.id);
        expect(inUnits && doc.text.slice(inUnits.start, inUnits.end), `${doc.id} ${span.id}`).toBe(codePoints.slice(span.start, span.end).join(''));
      }
      expect(serializeJsonlLine(doc), doc.id).toBe(lines[i]);
    }
  });

  it('holds accepted spans of the gold layer with schema labels, starting and ending on non-space characters', async () => {
    const schema = loadSchema();
    const labels = new Set(schema.labels.map((label) => label.id));
    for (const doc of await loadGold()) {
      for (const span of doc.spans) {
        const where = `${doc.id} ${span.id} ${span.label}`;
        expect(labels.has(span.label), where).toBe(true);
        expect([span.layer, span.author, span.status], where).toEqual([GOLD_LAYER, GOLD_LAYER, 'accepted']);
        expect(span.start >= 0 && span.start < span.end && span.end <= doc.text.length, where).toBe(true);
        const text = doc.text.slice(span.start, span.end);
        expect(text.trim(), where).toBe(text);
        // Only boilerplate blocks run across lines (guidelines §2.3).
        if (span.label !== 'boilerplate') expect(text, where).not.toMatch(/[\r\n]/);
      }
    }
  });

  it('follows the overlap rules: no label overlaps itself, and boilerplate overlaps no other label', async () => {
    for (const doc of await loadGold()) {
      for (const [i, a] of doc.spans.entries()) {
        for (const b of doc.spans.slice(i + 1)) {
          if (!overlaps(a, b)) continue;
          const pair = `${doc.id} ${a.id} (${a.label}) and ${b.id} (${b.label})`;
          expect(a.label === b.label, pair).toBe(false);
          expect(a.label === 'boilerplate' || b.label === 'boilerplate', pair).toBe(false);
        }
      }
    }
  });

  it('sets every document-label group in the gold layer, with the kind and countries of the manifest', async () => {
    const schema = loadSchema();
    const gold = await loadGold();
    for (const entry of manifest.documents) {
      const labels = gold.find((doc) => doc.id === entry.id)?.labels[GOLD_LAYER];
      expect(Object.keys(labels ?? {}).sort(), entry.id).toEqual(schema.documentLabels.map((group) => group.id).sort());
      expect(labels?.['kind'], entry.id).toBe(entry.kind);
      expect(labels?.['country'], entry.id).toEqual(entry.country);
    }
  });

  it(`gives every span label of the schema at least ${MIN_GOLD_EXAMPLES} examples`, async () => {
    const counts = new Map<string, number>();
    for (const doc of await loadGold()) for (const span of doc.spans) counts.set(span.label, (counts.get(span.label) ?? 0) + 1);
    for (const label of loadSchema().labels) expect(counts.get(label.id) ?? 0, label.id).toBeGreaterThanOrEqual(MIN_GOLD_EXAMPLES);
  });

  it('matches the counts table of seeds/GUIDELINES.md', async () => {
    const gold = await loadGold();
    const table = new Map<string, number[]>();
    for (const line of readFileSync(`${seedsDir}GUIDELINES.md`, 'utf8').split('\n')) {
      const row = /^\| `([a-z-]+)` \| ([\d |]+)\|$/.exec(line);
      if (row) table.set(row[1] as string, (row[2] as string).split('|').map((cell) => Number(cell.trim())));
    }
    const expected = new Map(
      loadSchema().labels.map((label) => {
        const perDocument = gold.map((doc) => doc.spans.filter((span) => span.label === label.id).length);
        return [label.id, [...perDocument, perDocument.reduce((a, b) => a + b, 0)]];
      }),
    );
    expect(table).toEqual(expected);
  });
});
