import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { runsReadingVersion } from '../../../src/core/data/datasetVersions';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { runDocument } from '../../../src/core/tracking/compareRuns';
import { runDetails } from '../../../src/core/tracking/runDetails';
import { getInputs, insertRun, setInputs } from '../../../src/core/tracking/runRecords';
import { dataWorkspace, sha } from './helpers';

test('a run input linked to a dataset version names it in the run details and document; the version lists the run', async () => {
  const w = dataWorkspace({ train: 'data/train.csv' });
  w.write('data/train.csv', 'a\n1\n');
  insertRun(w.store, { id: 'r1', name: 'first', experiment: 'e', status: 'finished', command: 'x', cwd: '.', params: {}, createdAt: 1 });
  setInputs(w.store, 'r1', [{ path: 'data/train.csv', hash: sha('a\n1\n') }, { path: 'other.txt', hash: sha('o') }]);
  const r = await versionDataset(w.store, w.root, w.config, 'train'); // links the earlier input
  const v = r.items[0].version!;
  assert.deepEqual(getInputs(w.store, 'r1'), [
    { path: 'data/train.csv', hash: sha('a\n1\n'), dataset: { name: 'train', version: 1 } },
    { path: 'other.txt', hash: sha('o') },
  ]);
  const doc = runDocument(runDetails(w.store, 'r1')!);
  assert.match(doc, new RegExp(`^data/train\\.csv\\s+= train@1  ${sha('a\n1\n')}$`, 'm'));
  assert.match(doc, new RegExp(`^other\\.txt\\s+= ${sha('o')}$`, 'm'));
  assert.deepEqual(runsReadingVersion(w.store, v.id), [{ runId: 'r1', name: 'first' }]);
});
