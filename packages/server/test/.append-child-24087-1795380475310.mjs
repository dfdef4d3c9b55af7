
import * as Y from 'yjs';
import { SqliteStore } from "file:///work/main/packages/server/src/storage/sqlite.ts";
const [file, room] = process.argv.slice(2);
const store = SqliteStore.open(file);
const doc = new Y.Doc();
let pending;
doc.on('update', (u) => { pending = u; });
for (let i = 0; ; i++) {
  doc.getArray('log').push([i]);
  await store.append(room, pending);
  process.stdout.write('ack ' + i + '\n');
}
