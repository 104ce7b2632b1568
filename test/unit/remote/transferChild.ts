// A push or pull in a child process, for the kill -9 tests: one object at a time, printing
// "moved N" after each. `push ROOT`: everything ROOT's records need, to its default remote.
// `pull ROOT SOURCE`: everything SOURCE's records need, from ROOT's default remote into ROOT.
import { loadConfig } from '../../../src/core/config/loadConfig';
import { neededObjects } from '../../../src/core/remote/neededObjects';
import { resolveRemote } from '../../../src/core/remote/openRemote';
import { pullObjects } from '../../../src/core/remote/pullObjects';
import { pushObjects } from '../../../src/core/remote/pushObjects';
import type { ObjectRemote } from '../../../src/core/remote/types';
import { Store } from '../../../src/core/store/store';

async function main() {
  const [mode, root, source] = process.argv.slice(2);
  const store = Store.open(root);
  const remote = resolveRemote(root, loadConfig(root).config);
  let n = 0;
  const said = () => process.stdout.write(`moved ${++n}\n`);
  const counted: ObjectRemote = {
    ...remote,
    put: async (...args) => {
      await remote.put(...args);
      said();
    },
    get: async (...args) => {
      await remote.get(...args);
      said();
    },
  };
  if (mode === 'push') await pushObjects(store, root, counted, neededObjects(store), { jobs: 1 });
  else {
    const from = Store.open(source);
    await pullObjects(store, root, counted, neededObjects(from), { jobs: 1 });
    from.close();
  }
  process.stdout.write('done\n');
  remote.close();
  store.close();
}

void main();
