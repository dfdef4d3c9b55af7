import { describe, expect, it } from 'vitest';
import { CONSOLIDATION_METHODS, exportFormatNames, getFormat } from '@glossa/formats';
import { EXPORT_CONSOLIDATIONS, EXPORT_FORMATS, downloadName, exportUrl } from '../src/export-formats.js';

describe('export formats offered by the workbench', () => {
  it('are exactly the export formats of @glossa/formats, with their kind', () => {
    expect(EXPORT_FORMATS.map((f) => f.id).sort()).toEqual([...exportFormatNames].sort());
    for (const format of EXPORT_FORMATS) expect([format.id, format.kind]).toEqual([format.id, getFormat(format.id)?.kind]);
  });

  it('offer every consolidation method of @glossa/formats and the format default', () => {
    expect(EXPORT_CONSOLIDATIONS.map((c) => c.id).sort()).toEqual(['default', ...CONSOLIDATION_METHODS].sort());
  });
});

describe('exportUrl', () => {
  const query = (url: string): [string, string][] => [...new URL(url, 'http://glossa.test').searchParams.entries()];

  it.each([
    { name: 'native with layers', request: { project: 'p', format: 'jsonl', layers: ['alice', 'gold'] }, expected: [['format', 'jsonl'], ['layer', 'alice'], ['layer', 'gold']] },
    { name: 'native drops consolidation and archive', request: { project: 'p', format: 'jsonl', layers: [], consolidation: 'union', archive: true }, expected: [['format', 'jsonl']] },
    { name: 'file format with consolidation and a tar', request: { project: 'p', format: 'csv', layers: [], consolidation: 'majority', archive: true }, expected: [['format', 'csv'], ['consolidation', 'majority'], ['archive', 'tar']] },
    { name: 'format default adds nothing', request: { project: 'p', format: 'conll', layers: ['bob'], consolidation: 'default' }, expected: [['format', 'conll'], ['layer', 'bob']] },
    { name: 'folder format needs no archive parameter', request: { project: 'p', format: 'brat', layers: [], archive: true }, expected: [['format', 'brat']] },
  ] as const)('$name', ({ request, expected }) => {
    expect(query(exportUrl(request))).toEqual(expected);
  });

  it('escapes the project id in the path', () => {
    expect(exportUrl({ project: 'a b/c', format: 'csv', layers: [] }).startsWith('/api/projects/a%20b%2Fc/export?')).toBe(true);
  });

  it('throws a RangeError naming the formats for an unknown format', () => {
    expect(() => exportUrl({ project: 'p', format: 'xlsx', layers: [] })).toThrow(/unknown export format "xlsx"; expected one of jsonl, /);
  });
});

describe('downloadName', () => {
  it.each([
    { header: 'attachment; filename="policy-brat.tar"', expected: 'policy-brat.tar' },
    { header: 'attachment; filename=policy.csv', expected: 'policy.csv' },
    { header: 'attachment; filename="../../etc/passwd"', expected: '.._.._etc_passwd' },
    { header: 'attachment', expected: 'fallback.bin' },
    { header: null, expected: 'fallback.bin' },
  ])('$header → $expected', ({ header, expected }) => {
    expect(downloadName(header, 'fallback.bin')).toBe(expected);
  });
});
