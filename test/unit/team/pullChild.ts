// A pull in its own process, for the kill -9 test: prints "page <done>" after each committed page.
// Usage: node --import tsx pullChild.ts ROOT DATABASE_URL PAGE_SIZE
import pg from 'pg';
import { Store } from '../../../src/core/store/store';
import { pullRecords } from '../../../src/core/team/pullRecords';

async function main(): Promise<void> {
  const [root, url, pageSize] = process.argv.slice(2);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const store = Store.open(root);
  await pullRecords(store, root, pool, { pageSize: Number(pageSize), onProgress: (p) => process.stdout.write(`page ${p.done}\n`) });
  store.close();
  await pool.end();
  process.stdout.write('done\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
