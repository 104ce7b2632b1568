// Profiles kept in the store per object (the bytes of a dataset version): computed once, then read.
import { verifiedObjectPath } from '../data/objectIntegrity';
import type { DatasetVersion } from '../data/datasetVersions';
import type { CsvReadOptions } from '../data/readers/datasetReadOptions';
import { formatOf } from '../data/readers/openTable';
import type { TableFormat } from '../data/readers/types';
import type { Store } from '../store/store';
import { profileFile, type ProfileOptions, type TableProfile } from './profile';
import { parseProfileJson, toJsonText } from './profileJson';

/** CSV read options a stored profile depends on. */
export type StoredProfileOptions = ProfileOptions & { csv?: CsvReadOptions };

/** What changes the figures besides the bytes: the format read, the bounds, CSV lines skipped (keys without them as before). */
function optionsKey(format: TableFormat | undefined, opts: StoredProfileOptions): string {
  const csv = opts.csv?.skipRows !== undefined || opts.csv?.comment !== undefined ? [opts.csv.skipRows ?? null, opts.csv.comment ?? null] : [];
  return JSON.stringify([format ?? '', opts.distinctLimit ?? null, opts.exactNumbersLimit ?? null, opts.sampleSize ?? null, ...csv]);
}

export function storedProfile(store: Store, hash: string, format?: TableFormat, opts: StoredProfileOptions = {}): TableProfile | undefined {
  const row = store.db.prepare('SELECT profile_json FROM profiles WHERE hash = ? AND options = ?').get<{ profile_json: string }>(hash, optionsKey(format, opts));
  return row ? parseProfileJson(row.profile_json) : undefined;
}

/** The profile of a file dataset version: from the store, else computed from its object and stored. */
export async function profileForVersion(store: Store, version: DatasetVersion, opts: StoredProfileOptions & { format?: TableFormat } = {}): Promise<TableProfile> {
  if (version.kind !== 'file') throw new Error(`${version.dataset}:${version.item}@${version.version} is a folder: profile one of its files.`);
  const format = opts.format ?? formatOf(version.item);
  const cached = storedProfile(store, version.hash, format, opts);
  if (cached) return cached;
  // The object has no extension: the format comes from the item's name.
  // Its bytes are proved to match the hash first: a corrupted object is quarantined, never profiled.
  const file = await verifiedObjectPath(store.root, version.hash, { store, what: `Profiling ${version.dataset}:${version.item}@${version.version}`, signal: opts.signal });
  const profile = await profileFile(file, { ...opts, format });
  saveProfile(store, version.hash, format, opts, profile);
  return profile;
}

/** Keeps a profile computed elsewhere (a worker thread) so that storedProfile finds it. */
export function saveProfile(store: Store, hash: string, format: TableFormat | undefined, opts: StoredProfileOptions, profile: TableProfile): void {
  store.db
    .prepare('INSERT OR REPLACE INTO profiles (hash, options, profile_json, computed_at) VALUES (?, ?, ?, ?)')
    .run(hash, optionsKey(format, opts), toJsonText(profile), Date.now());
}
