// A separate process that versions one dataset, printing "reading" once a good part of the file
// is read, so the reliability test can kill -9 it in the middle of an object write.
import { loadConfig } from '../../../src/core/config/loadConfig';
import { versionDataset } from '../../../src/core/data/versionDataset';
import { Store } from '../../../src/core/store/store';

const [root, name] = process.argv.slice(2);
const store = Store.open(root);
let told = false;
void versionDataset(store, root, loadConfig(root).config, name, {
  onProgress: ({ bytes, total }) => {
    if (!told && bytes > total / 4) {
      told = true;
      process.stdout.write('reading\n');
      // Slow down so the kill lands mid-write, not after the rename.
      const until = Date.now() + 2000;
      while (Date.now() < until);
    }
  },
}).then(() => process.stdout.write('done\n'));
