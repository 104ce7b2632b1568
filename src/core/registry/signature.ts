// A model version's signature: its input columns and their types, read from the profile of the
// training data the source run read (as MLflow infers one from an input example). Only a profile
// already in the store is used: registering never reads a dataset.
import { parseProfileJson } from '../quality/profileJson';
import type { Store } from '../store/store';
import type { ModelSignature } from './types';

interface InputRow {
  dataset: string;
  item: string;
  version: number;
  hash: string;
}

/**
 * The signature of a run's training data: the first input (by dataset, then item) that is a dataset
 * version with a stored profile, preferring datasets not named as evaluation data. Null when none is.
 */
export function inferSignature(store: Store, runId: string, evaluationData: readonly string[] = []): ModelSignature | null {
  const inputs = store.db
    .prepare(
      `SELECT v.dataset AS dataset, v.item AS item, v.version AS version, v.hash AS hash
         FROM run_inputs i JOIN dataset_versions v ON v.id = i.dataset_version_id
        WHERE i.run_id = ? AND v.kind = 'file' ORDER BY v.dataset, v.item`,
    )
    .all<InputRow>(runId);
  const evaluation = new Set(evaluationData);
  const ordered = [...inputs.filter((i) => !evaluation.has(i.dataset)), ...inputs.filter((i) => evaluation.has(i.dataset))];
  // Several profiles of one object differ only in bounds (distinct limits, sample size): columns,
  // types and nulls are the same, so the newest does.
  const profileOf = store.db.prepare('SELECT profile_json FROM profiles WHERE hash = ? ORDER BY computed_at DESC LIMIT 1');
  for (const input of ordered) {
    const row = profileOf.get<{ profile_json: string }>(input.hash);
    if (!row) continue;
    const profile = parseProfileJson(row.profile_json);
    return {
      source: { dataset: input.dataset, version: Number(input.version), item: input.item },
      inputs: profile.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nulls > 0 })),
    };
  }
  return null;
}
