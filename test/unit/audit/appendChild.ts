// A separate process appending to a workspace's audit log, for the concurrency test: it waits for
// the go file so all children start together, then appends COUNT entries in rounds: entry i waits
// until every writer has appended its entry i - 1, so each round the writers really contend for
// the lock (a loaded machine could otherwise run one child to its end before the next wakes).
import * as fs from 'node:fs';
import { appendAudit } from '../../../src/core/audit/appendAudit';
import { Store } from '../../../src/core/store/store';

const [root, name, count, goFile, writers] = process.argv.slice(2);
const pause = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
const store = Store.open(root);
process.stdout.write('ready\n');
while (!fs.existsSync(goFile)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
const entries = store.db.prepare('SELECT COUNT(*) AS n FROM audit_log');
for (let i = 0; i < Number(count); i++) {
  while (Number(entries.get<{ n: number }>()!.n) < i * Number(writers)) pause();
  appendAudit(store, { action: 'run.created', object: `${name}-${i}`, actor: name, details: { i } });
}
store.close();
