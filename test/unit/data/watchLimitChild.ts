// Runs the dataset watcher in this process (started under a lowered inotify limit by the test),
// then versions by hand; prints what the watcher reported and what manual versioning recorded.
import { loadConfig } from '../../../src/core/config/loadConfig';
import { DatasetWatcher } from '../../../src/core/data/datasetWatcher';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { Store } from '../../../src/core/store/store';

const [root, name] = process.argv.slice(2);
const store = Store.open(root);
const config = loadConfig(root).config;
const errors: string[] = [];
const watcher = new DatasetWatcher(store, root, config, { debounceMs: 50, stableMs: 100, onError: (dataset, message) => errors.push(`${dataset}: ${message}`) });
void (async () => {
  const watched = await watcher.start();
  // chokidar reports a failed watch asynchronously; give it a moment past 'ready'.
  const deadline = Date.now() + 3000;
  while (!errors.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const manual = await versionDataset(store, root, config, name);
  await watcher.close();
  store.close();
  process.stdout.write(JSON.stringify({ watched, errors, manual: manual.items.map((i) => ({ item: i.item, state: i.state, hash: i.version?.hash })) }) + '\n');
})();
