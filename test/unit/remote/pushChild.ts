// A push in a child process, for the kill -9 test: pushes everything the workspace's records need
// to its default remote one object at a time, printing "uploaded N" after each upload.
import { loadConfig } from '../../../src/core/config/loadConfig';
import { neededObjects } from '../../../src/core/remote/neededObjects';
import { resolveRemote } from '../../../src/core/remote/openRemote';
import { pushObjects } from '../../../src/core/remote/pushObjects';
import type { ObjectRemote } from '../../../src/core/remote/types';
import { Store } from '../../../src/core/store/store';

async function main() {
  const root = process.argv[2];
  const store = Store.open(root);
  const remote = resolveRemote(root, loadConfig(root).config);
  let n = 0;
  const counted: ObjectRemote = {
    ...remote,
    put: async (...args) => {
      await remote.put(...args);
      process.stdout.write(`uploaded ${++n}\n`);
    },
  };
  const r = await pushObjects(store, root, counted, neededObjects(store), { jobs: 1 });
  process.stdout.write(`done ${r.transferred}\n`);
  remote.close();
  store.close();
}

void main();
