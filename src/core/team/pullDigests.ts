// The digest a pulled record gets in team_records: the one push would compute for it, so a record
// that came from the team store is never pushed back unless it changes here.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/canonicalJson';

function sha256(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** A run's team_records digest covers what stays editable after it ends: tags and note. */
export function pulledRunDigest(p: Record<string, unknown>): string {
  return sha256({ tags: p.tags ?? {}, note: p.note ?? '' });
}

/** A model version's covers its tags (the rest is immutable). */
export function pulledModelVersionDigest(p: Record<string, unknown>): string {
  return sha256({ tags: p.tags ?? {} });
}
