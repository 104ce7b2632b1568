// The digest a pulled record gets in team_records: the one push computes for it (recordDigest.ts),
// so a record that came from the team store is never pushed back unless it changes here.
import { modelTagsDigest, runTagsDigest } from './recordDigest';

/** A run's team_records digest covers what stays editable after it ends: tags and note. */
export function pulledRunDigest(p: Record<string, unknown>): string {
  return runTagsDigest((p.tags ?? {}) as Record<string, string>, typeof p.note === 'string' ? p.note : '');
}

/** A model version's covers its tags (the rest is immutable). */
export function pulledModelVersionDigest(p: Record<string, unknown>): string {
  return modelTagsDigest((p.tags ?? {}) as Record<string, string>);
}
