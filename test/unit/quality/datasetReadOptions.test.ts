// A dataset's skipRows, comment and allowRagged reach the checks of its new versions, on this thread
// and on the worker alike, from real files and a real store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { runInWorker } from '../../../src/core/worker/runInWorker';
import { validateNewVersions, type ValidateTable } from '../../../src/core/quality/validateNewVersions';
import { dataWorkspace } from '../data/helpers';

const wine = fs.readFileSync(path.resolve(__dirname, '../../fixtures/tables/wine_like.csv'), 'utf8');
const inWorker: ValidateTable = (args, signal, onProgress) => runInWorker('validate', args, { signal, onProgress });

test("new versions are read as their dataset says: skipRows 0 makes every row ragged, which fails unless allowRagged", async () => {
  for (const validate of [undefined, inWorker]) {
    const w = dataWorkspace({ guessed: 'guessed.csv', raw: { path: 'raw.csv', skipRows: 0 }, lenient: { path: 'lenient.csv', skipRows: 0, allowRagged: true }, notes: { path: 'notes.csv', comment: '#' } });
    for (const f of ['guessed.csv', 'raw.csv', 'lenient.csv']) w.write(f, wine);
    w.write('notes.csv', 'id,x\n# a note\n1,2\n');
    w.config.expectations = { guessed: [{ expect: 'notNull', column: 'column1' }], raw: [{ expect: 'rowCountBetween', min: 0 }], lenient: [{ expect: 'rowCountBetween', min: 0 }], notes: [{ expect: 'notNull', column: 'x' }] };
    const outcome: Record<string, unknown> = {};
    for (const name of ['guessed', 'raw', 'lenient', 'notes']) {
      const [v] = await validateNewVersions(w.store, w.config, await versionDataset(w.store, w.root, w.config, name), { validate });
      outcome[name] = [v.result.success, v.result.rows, v.result.raggedRows, v.result.raggedFailed ?? false];
    }
    assert.deepEqual(outcome, { guessed: [true, 12, 0, false], raw: [false, 0, 12, true], lenient: [true, 0, 12, false], notes: [true, 1, 0, false] }, validate ? 'worker' : 'this thread');
  }
});
