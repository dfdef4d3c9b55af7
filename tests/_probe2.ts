import { parseSchemaJson } from '@glossa/core';
for (const n of [2000, 8000]) {
  const labels = Array.from({ length: n }, (_, i) => ({ id: `l${i}`, name: 'L', description: 'd', color: '#fff', group: `g${i % 500}x` }));
  const groups = Array.from({ length: 500 }, (_, i) => ({ id: `g${i}`, name: 'G' }));
  for (const [name, text] of [['pretty', JSON.stringify({ version: 1, name: 'x', groups, labels }, null, 2)], ['minified', JSON.stringify({ version: 1, name: 'x', groups, labels })]] as const) {
    const t = Date.now();
    const r = parseSchemaJson(text);
    console.log(n, name, text.length, r.ok ? 0 : r.errors.length, Date.now() - t, 'ms');
  }
}
