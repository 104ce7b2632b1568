// Generated files are rewritten only when their text changes, so a build leaves an up-to-date file
// (and its timestamp, which watchers and tsc --watch see) alone.
import fs from 'node:fs';
import path from 'node:path';

/** Writes `source` to `file` unless it already holds exactly that; true when it wrote. */
export function writeGenerated(file, source) {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (current === source) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, source);
  return true;
}
