// A profile for the panel, computed off the extension host's thread: a stored version's profile is
// read from the store; anything else is profiled by the worker (dist/worker.js) with a cancellable
// progress notification, and a version's result is stored for next time (and for the CLI).
import * as vscode from 'vscode';
import { verifiedObjectPath } from '../../core/data/objectIntegrity';
import { datasetCsvOptions } from '../../core/data/readers/datasetReadOptions';
import { formatOf } from '../../core/data/readers/openTable';
import type { TableFormat } from '../../core/data/readers/types';
import type { TableProfile } from '../../shared/profileTypes';
import { saveProfile, storedProfile } from '../../core/quality/profileStore';
import { runInWorker } from '../../core/worker/runInWorker';
import { OFF_THREAD_BYTES } from '../data/datasetWatching';
import type { WorkbenchState } from '../workbenchState';
import type { ProfileTarget } from './profileTargets';

export interface ComputedProfile {
  profile: TableProfile;
  /** 'store': read back; 'worker': profiled on a worker thread just now. */
  source: 'store' | 'worker';
}

export class ProfileCancelled extends Error {
  constructor(label: string) {
    super(`Profiling ${label} was cancelled.`);
  }
}

/** A working file is read as its dataset declares (tsv is CSV with a sniffed tab), else by its extension. */
function fileFormat(state: WorkbenchState, t: Extract<ProfileTarget, { kind: 'file' }>): TableFormat | undefined {
  const declared = t.item && state.config.config.datasets[t.item.dataset]?.format;
  return declared ? (declared === 'tsv' ? 'csv' : declared) : formatOf(t.file);
}

/**
 * The profile of `target`; `onFraction` hears the worker's progress (0..1) besides the notification.
 * Cancel (from the notification or `signal`) rejects with ProfileCancelled.
 */
export async function computeProfile(state: WorkbenchState, target: ProfileTarget, label: string, onFraction?: (f: number) => void, signal?: AbortSignal): Promise<ComputedProfile> {
  const root = state.root;
  if (!root) throw new Error('Open a folder first.');
  let file: string;
  let format: TableFormat | undefined;
  // The dataset's CSV lines to skip and comment character, as `mlops profile` reads them.
  const dataset = target.kind === 'version' ? target.version.dataset : target.item?.dataset;
  const csv = datasetCsvOptions(dataset === undefined ? undefined : state.config.config.datasets[dataset]);
  if (target.kind === 'version') {
    // The store's object has no extension: the format comes from the item's name, as in `mlops profile`.
    format = formatOf(target.version.item);
    const stored = storedProfile(state.openStore(), target.version.hash, format, { csv });
    if (stored) return { profile: stored, source: 'store' };
    // Its bytes are proved to match the hash first: a corrupted object is quarantined, never profiled.
    const v = target.version;
    file = await verifiedObjectPath(root, v.hash, { store: state.openStore(), what: `Profiling ${v.dataset}:${v.item}@${v.version}`, signal, offThreadBytes: OFF_THREAD_BYTES });
  } else {
    file = target.file;
    format = fileFormat(state, target);
  }
  const profile = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `MLOps: profiling ${label}`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const cancel = () => abort.abort(new ProfileCancelled(label));
      token.onCancellationRequested(cancel);
      if (signal?.aborted) cancel();
      signal?.addEventListener('abort', cancel, { once: true });
      let percent = 0;
      try {
        return await runInWorker(
          'profile',
          { file, format, csv },
          {
            signal: abort.signal,
            onProgress: (fraction: number) => {
              onFraction?.(Math.min(1, Math.max(0, fraction)));
              const now = Math.floor(Math.min(1, fraction) * 100);
              if (now > percent) progress.report({ increment: now - percent, message: `${now}%` });
              percent = Math.max(percent, now);
            },
          },
        );
      } catch (err) {
        throw abort.signal.aborted ? new ProfileCancelled(label) : err;
      } finally {
        signal?.removeEventListener('abort', cancel);
      }
    },
  );
  if (target.kind === 'version') saveProfile(state.openStore(), target.version.hash, format, { csv }, profile);
  return { profile, source: 'worker' };
}
