/**
 * The export dialog in the browser: it offers every format of the server's
 * export route, and the downloaded files hold the project's spans — CSV of
 * one chosen layer (a file), brat standoff of every layer (a folder format,
 * so a .tar with a folder per annotator), CSV packed as a .tar on request
 * with the union of the layers, and with ".tar" unchecked CoNLL of every
 * layer and W3C each as the one file.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { exportFormatNames } from '@glossa/formats';
import { recordIncidents } from './support/browser.js';
import { SEED_DOCUMENT, seedDocument } from './support/server.js';
import { createAnnotatedProject, jsonlSpans } from './support/rooms.js';
import { readTar } from './support/tar.js';
import { useWorkbench } from './support/workbench.js';

const PROJECT = 'exports';

const SPANS = [
  { annotator: 'alice', quote: 'Interior Secretary', label: 'militarization' },
  { annotator: 'alice', quote: 'human rights protections', label: 'human-rights' },
  { annotator: 'bob', quote: 'Interior Secretary', label: 'militarization' },
  { annotator: 'bob', quote: '15 percent increase in murders', label: 'crime-statistics' },
] as const;

let text: string;

const app = useWorkbench(async (server) => {
  text = (await seedDocument()).text;
  await createAnnotatedProject(server, PROJECT, 'independent', [{ id: SEED_DOCUMENT, text, spans: jsonlSpans(text, SPANS) }]);
  await server.addUser('erin', 'curator', PROJECT);
});

/** The records of an RFC 4180 CSV text (quoted fields, doubled quotes, CRLF rows). */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i] as string;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** `annotator|label|quote` of the given spans, sorted. */
function expectedRows(spans: readonly { annotator: string; label: string; quote: string }[]): string[] {
  return spans.map((s) => `${s.annotator}|${s.label}|${s.quote}`).sort();
}

/** Opens the export dialog of the project. */
async function openExportDialog(page: Page): Promise<void> {
  await page.goto(`${app.server.url}/#/projects/${PROJECT}`);
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByTestId('export-dialog').waitFor();
}

/** Clicks Download and returns the saved file's suggested name and bytes. */
async function download(page: Page): Promise<{ name: string; bytes: Uint8Array }> {
  const [saved] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
  const file = await saved.path();
  return { name: saved.suggestedFilename(), bytes: new Uint8Array(await readFile(file)) };
}

describe('export dialog', () => {
  it('offers every format of the export route and downloads CSV and brat with the project’s spans', async () => {
    const { context, page } = await app.signIn('erin');
    const incidents = recordIncidents(page);
    try {
      await openExportDialog(page);
      const offered = await page.getByTestId('export-format').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
      expect([...offered].sort()).toEqual([...exportFormatNames].sort());

      // CSV of Alice's layer only: one file, a row per span of hers.
      await page.getByTestId('export-format').selectOption('csv');
      await page.locator('[data-testid="export-dialog"] input[data-layer="bob"]').uncheck();
      const csv = await download(page);
      expect(csv.name).toBe(`${PROJECT}.csv`);
      const [header, ...rows] = parseCsv(new TextDecoder().decode(csv.bytes));
      expect(header).toEqual(['doc_id', 'annotator', 'start', 'end', 'label', 'text', 'status', 'note']);
      expect(rows.map((r) => `${r[1]}|${r[4]}|${r[5]}`).sort()).toEqual(expectedRows(SPANS.filter((s) => s.annotator === 'alice')));
      expect(new Set(rows.map((r) => r[0]))).toEqual(new Set([SEED_DOCUMENT]));
      // Offsets in code points point at the quoted text.
      const points = [...text];
      for (const r of rows) expect(points.slice(Number(r[2]), Number(r[3])).join('')).toBe(r[5]);
      await page.getByTestId('export-status').filter({ hasText: `Downloaded ${PROJECT}.csv.` }).waitFor();

      // brat, every layer: a .tar with a folder per annotator holding the text and the T lines.
      await page.locator('[data-testid="export-dialog"] input[data-layer="bob"]').check();
      await page.getByTestId('export-format').selectOption('brat');
      expect(await page.getByTestId('export-archive').isChecked()).toBe(true);
      expect(await page.getByTestId('export-archive').isDisabled()).toBe(true);
      await page.getByTestId('export-consolidation').selectOption('none');
      const brat = await download(page);
      expect(brat.name).toBe(`${PROJECT}-brat.tar`);
      const files = readTar(brat.bytes);
      const decoded = new Map(files.map((f) => [f.name, new TextDecoder().decode(f.content)]));
      for (const annotator of ['alice', 'bob']) expect(decoded.get(`${annotator}/${SEED_DOCUMENT}.txt`)).toBe(text);
      const tLines = [...decoded].flatMap(([name, content]) =>
        name.endsWith('.ann')
          ? content
              .split('\n')
              .filter((line) => line.startsWith('T'))
              .map((line) => {
                const [, type, quote] = /^T\d+\t(\S+) [^\t]+\t(.*)$/.exec(line) ?? [];
                return `${name.split('/')[0] ?? ''}|${type ?? ''}|${quote ?? ''}`;
              })
          : [],
      );
      expect(tLines.sort()).toEqual(expectedRows(SPANS));

      // CSV packed as a .tar on request, the layers consolidated by union.
      await page.getByTestId('export-format').selectOption('csv');
      await page.getByTestId('export-consolidation').selectOption('union');
      await page.getByTestId('export-archive').check();
      const packed = await download(page);
      expect(packed.name).toBe(`${PROJECT}-csv.tar`);
      const [only] = readTar(packed.bytes);
      expect(only?.name).toBe(`${PROJECT}.csv`);
      const unionRows = parseCsv(new TextDecoder().decode(only?.content)).slice(1);
      expect(unionRows.map((r) => `${r[4]}|${r[5]}`).sort()).toEqual([...new Set(SPANS.map((s) => `${s.label}|${s.quote}`))].sort());

      // CoNLL of every layer with ".tar" unchecked: the one file, a tag column per layer (alice, bob).
      await page.getByTestId('export-format').selectOption('conll');
      await page.getByTestId('export-consolidation').selectOption('none');
      await page.getByTestId('export-archive').uncheck();
      const conll = await download(page);
      expect(conll.name).toBe(`${PROJECT}.conll`);
      const tokenRows = new TextDecoder()
        .decode(conll.bytes)
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('-DOCSTART-'))
        .map((line) => line.split(' '));
      expect(new Set(tokenRows.map((row) => row.length))).toEqual(new Set([5]));
      expect(tokenRows.find((row) => row[0] === 'Interior')?.slice(3)).toEqual(['B-militarization', 'B-militarization']);
      expect(tokenRows.find((row) => row[0] === 'murders')?.slice(3)).toEqual(['O', 'I-crime-statistics']);

      // W3C with ".tar" unchecked: one JSON-LD AnnotationCollection.
      await page.getByTestId('export-format').selectOption('w3c');
      const w3c = await download(page);
      expect(w3c.name).toBe(`${PROJECT}.jsonld`);
      const collection = JSON.parse(new TextDecoder().decode(w3c.bytes)) as { type: string; total: number; first: { items: unknown[] } };
      expect(collection.type).toBe('AnnotationCollection');
      expect(collection.first.items).toHaveLength(SPANS.length);

      // The native format takes neither consolidation nor an archive.
      await page.getByTestId('export-format').selectOption('jsonl');
      expect(await page.getByTestId('export-consolidation').isDisabled()).toBe(true);
      expect(await page.getByTestId('export-archive').isDisabled()).toBe(true);
      const native = await download(page);
      expect(native.name).toBe(`${PROJECT}.jsonl`);
      const record = JSON.parse(new TextDecoder().decode(native.bytes).trim()) as { spans: { annotator: string; label: string; start: number; end: number }[] };
      expect(record.spans.map((s) => `${s.annotator}|${s.label}|${points.slice(s.start, s.end).join('')}`).sort()).toEqual(expectedRows(SPANS));

      expect(incidents).toEqual({ dialogs: [], pageErrors: [], consoleErrors: [] });
    } finally {
      await context.close();
    }
  });
});
