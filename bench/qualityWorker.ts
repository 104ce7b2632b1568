// Runs in its own process (bench/quality.ts spawns it) so its peak memory is the profile's own.
// `quality-worker.js FILE [THREADS]`: THREADS as ProfileOptions.threads (default: the cores, at most 4).
import * as os from 'node:os';
import { profileFile } from '../src/core/quality/profile';

async function main() {
  const file = process.argv[2];
  const threads = process.argv[3] ? Number(process.argv[3]) : Math.min(os.availableParallelism(), 4);
  const t = process.hrtime.bigint();
  const profile = await profileFile(file, { threads });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  process.stdout.write(JSON.stringify({ seconds, rows: profile.rows, columns: profile.columns.length, threads, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

void main();
