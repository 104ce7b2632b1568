// A push in its own process, for the kill -9 test: pushes ROOT's records to URL one run per batch
// and prints "pushed N" after each committed batch, so the parent can kill it mid-push.
import { Store } from '../../../src/core/store/store';
import { pushRecords } from '../../../src/core/team/pushRecords';
import { connectTeam } from '../../../src/core/team/teamConnect';

async function main(): Promise<void> {
  const [root, url] = process.argv.slice(2);
  const store = Store.open(root);
  const db = await connectTeam(url);
  await pushRecords(store, root, db, { batch: { runs: 1 }, onProgress: (p) => p.kind === 'run' && process.stdout.write(`pushed ${p.done}\n`) });
  process.stdout.write('done\n');
  await db.close();
  store.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
