// Runs in its own process (bench/quality.ts spawns it) so its peak memory is the profile's own.
import { profileFile } from '../src/core/quality/profile';

async function main() {
  const file = process.argv[2];
  const t = process.hrtime.bigint();
  const profile = await profileFile(file);
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  process.stdout.write(JSON.stringify({ seconds, rows: profile.rows, columns: profile.columns.length, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

void main();
