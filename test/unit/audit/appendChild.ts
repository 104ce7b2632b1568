// A separate process appending to a workspace's audit log, for the concurrency test: it waits for
// the go file so all children start together, then appends COUNT entries as fast as it can.
import * as fs from 'node:fs';
import { appendAudit } from '../../../src/core/audit/appendAudit';
import { Store } from '../../../src/core/store/store';

const [root, name, count, goFile] = process.argv.slice(2);
const store = Store.open(root);
process.stdout.write('ready\n');
while (!fs.existsSync(goFile)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
for (let i = 0; i < Number(count); i++) {
  appendAudit(store, { action: 'run.created', object: `${name}-${i}`, actor: name, details: { i } });
}
store.close();
