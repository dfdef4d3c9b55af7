import { OffsetIndex, toCodePointOffset } from '@glossa/core';
import { timeIt } from './harness.js';
const dense = 'a😀'.repeat(300000);
const sparse = ('the National Guard 😀 was deployed مرحبا ').repeat(25000);
const ascii = 'the National Guard was deployed. '.repeat(30000);
const arabic = 'مرحبا بالعالم '.repeat(70000);
let sink = 0;
for (const [name, t] of [['dense', dense], ['sparse', sparse], ['ascii', ascii], ['arabic', arabic]] as const) {
  const a = timeIt(() => { sink += new OffsetIndex(t).codePointLength; }, 300);
  const b = timeIt(() => { sink += toCodePointOffset(t, 500000); }, 300);
  console.log(name, t.length, 'index', a.toFixed(2), 'toCodePointOffset', b.toFixed(2));
}
