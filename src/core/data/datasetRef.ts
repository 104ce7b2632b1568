import type { Store } from '../store/store';
import { DatasetError } from './datasetItems';
import { listVersions, versionedItems, type DatasetVersion } from './datasetVersions';
import { maxOf } from '../../shared/boundedSpread';

/** `NAME`, `NAME@3`, `NAME@<hash prefix>`, `NAME:ITEM`, `NAME:ITEM@3`. */
export interface DatasetRef {
  dataset: string;
  item?: string;
  /** A version number or a hash prefix; the latest when absent. */
  at?: string;
}

export function parseDatasetRef(text: string): DatasetRef {
  const m = /^([A-Za-z0-9][A-Za-z0-9_.-]*)(?::(.+?))?(?:@([^@]+))?$/.exec(text);
  if (!m) throw new DatasetError(`"${text}" is not a dataset reference: write NAME, NAME@3, NAME@<hash prefix> or NAME:ITEM@3.`);
  return { dataset: m[1], ...(m[2] ? { item: m[2] } : {}), ...(m[3] ? { at: m[3] } : {}) };
}

/** The item of `dataset` that `item` names: its exact path, or a unique path suffix (e.g. a file name). */
export function resolveItem(store: Store, dataset: string, item: string): string {
  const items = versionedItems(store, dataset).map((i) => i.item);
  const clean = item.replace(/^\.\//, '');
  if (items.includes(clean)) return clean;
  const matches = items.filter((i) => i.endsWith('/' + clean));
  if (matches.length === 1) return matches[0];
  throw new DatasetError(
    matches.length
      ? `"${item}" matches several items of ${dataset}: ${matches.join(', ')}. Write the whole path.`
      : `Dataset ${dataset} has no versioned item "${item}"${items.length ? ` (items: ${items.slice(0, 10).join(', ')}${items.length > 10 ? ', ...' : ''})` : ''}.`,
  );
}

/** The version a reference names, or a DatasetError saying what exists. */
export function resolveDatasetRef(store: Store, ref: DatasetRef): DatasetVersion {
  const label = `${ref.dataset}${ref.item ? ':' + ref.item : ''}`;
  const items = versionedItems(store, ref.dataset);
  if (!items.length) throw new DatasetError(`Dataset ${ref.dataset} has no versions yet: run \`mlops data version ${ref.dataset}\` first.`);
  const item = ref.item !== undefined ? resolveItem(store, ref.dataset, ref.item) : undefined;
  const isNumber = ref.at !== undefined && /^\d+$/.test(ref.at);
  if (item === undefined && items.length > 1 && !(ref.at && !isNumber)) {
    throw new DatasetError(
      `Dataset ${ref.dataset} has ${items.length} items: name one as ${ref.dataset}:ITEM${ref.at ? '@' + ref.at : ''} (items: ${items.slice(0, 5).map((i) => i.item).join(', ')}${items.length > 5 ? ', ...' : ''}).`,
    );
  }
  const versions = listVersions(store, ref.dataset, item ?? (items.length === 1 ? items[0].item : undefined));
  if (ref.at === undefined) return versions[0];
  if (isNumber) {
    const v = versions.find((x) => x.version === Number(ref.at));
    if (!v) throw new DatasetError(`${label} has no version ${ref.at} (versions 1 to ${maxOf(versions.map((x) => x.version), 0)}).`);
    return v;
  }
  const prefix = ref.at.toLowerCase();
  if (!/^[0-9a-f]{4,64}$/.test(prefix)) throw new DatasetError(`"@${ref.at}" is neither a version number nor a hash prefix (4+ hex digits).`);
  const hits = versions.filter((x) => x.hash.startsWith(prefix));
  if (!hits.length) throw new DatasetError(`No version of ${label} has a hash starting with ${prefix}.`);
  // The same content at several versions: any of them names the same bytes; take the newest.
  const distinct = new Set(hits.map((h) => `${h.item}\0${h.hash}`));
  if (distinct.size > 1) throw new DatasetError(`${prefix} is ambiguous in ${label}: use more hex digits.`);
  return hits[0];
}
