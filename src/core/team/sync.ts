// Push and pull as one step, the order chosen so a teammate never sees a record whose objects are not
// on the remote: push sends objects first, then only the records whose objects made it; pull brings
// records first, then the objects they (and the local ones) need that .mlops/objects lacks.
import type { MlopsConfig } from '../config/types';
import { hasObject } from '../data/objectCache';
import { resolveRemote } from '../remote/openRemote';
import { neededObjects } from '../remote/neededObjects';
import { pullObjects } from '../remote/pullObjects';
import { pushObjects } from '../remote/pushObjects';
import { isAbort } from '../remote/transferPool';
import type { ObjectRemote, TransferProgress, TransferReport } from '../remote/types';
import type { Store } from '../store/store';
import { pullRecords } from './pullRecords';
import { pushRecords } from './pushRecords';
import { isSkipped, SyncCancelledError, type PullReport, type PushReport, type SyncOptions, type SyncProgress } from './syncTypes';
import { connectTeam, type TeamDb } from './teamConnect';
import { teamDatabaseUrl } from './teamDatabase';
import { TeamConfigError, type PushProgress } from './types';

const NO_REMOTE = 'no remote in mlops.json\'s "remotes"; add one ({"remotes": {"team": {"url": "s3://bucket/prefix"}}} or a shared folder path)';
const NO_TEAM = 'no team store: set "team": {"database": "postgresql://host/db"} in mlops.json, or MLOPS_TEAM_DATABASE';

function configured(config: MlopsConfig, opts: SyncOptions) {
  const env = opts.env ?? process.env;
  const remote = opts.remote !== undefined || Object.keys(config.remotes ?? {}).length > 0;
  const team = Boolean(config.team?.database || env.MLOPS_TEAM_DATABASE);
  if (!remote && !team) {
    throw new TeamConfigError(
      'Nothing to sync with: mlops.json has no "remotes" (where objects go) and no "team" (the team store). ' +
        'Add "remotes": {"team": {"url": "s3://bucket/prefix"}} and "team": {"database": "postgresql://host/db"} (or set MLOPS_TEAM_DATABASE).',
    );
  }
  return { remote, team };
}

/** Says what completed when a sync is cancelled midway: what finished, and how far the rest got. */
class Progress {
  private readonly completed: string[] = [];
  private current = '';

  constructor(private readonly onProgress?: (p: SyncProgress) => void) {}

  report = (p: SyncProgress): void => {
    this.current =
      p.part === 'objects'
        ? `${p.progress.phase} objects: ${p.progress.done} of ${p.progress.total} done`
        : `records (${p.kind.replace('_', ' ')}s): ${p.done} of ${p.total} sent`;
    this.onProgress?.(p);
  };

  done(what: string): void {
    this.completed.push(what);
    this.current = '';
  }

  cancelled(): SyncCancelledError {
    const before = this.completed.length ? `completed before: ${this.completed.join('; ')}` : 'nothing had completed before';
    return new SyncCancelledError(this.current ? `while ${this.current}; ${before}` : before);
  }
}

function transferredText(r: TransferReport, verb: string, remote: ObjectRemote): string {
  return `${r.transferred} object${r.transferred === 1 ? '' : 's'} ${verb} ${remote.name} (${r.present} already there)`;
}

async function withRemote<T>(root: string, config: MlopsConfig, name: string | undefined, fn: (r: ObjectRemote) => Promise<T>): Promise<T> {
  const remote = resolveRemote(root, config, name);
  try {
    return await fn(remote);
  } finally {
    remote.close();
  }
}

async function withTeam<T>(config: MlopsConfig, env: NodeJS.ProcessEnv, fn: (team: TeamDb) => Promise<T>): Promise<T> {
  const team = await connectTeam(teamDatabaseUrl(config, env));
  try {
    return await fn(team);
  } finally {
    await team.close();
  }
}

/** Runs one phase; a cancellation (however the lower layer reports it) becomes SyncCancelledError. */
async function phase<T>(progress: Progress, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    const result = await fn();
    if (signal?.aborted) throw progress.cancelled();
    return result;
  } catch (err) {
    if (err instanceof SyncCancelledError) throw err;
    if (signal?.aborted || isAbort(err)) throw progress.cancelled();
    throw err;
  }
}

/**
 * `mlops push`: the objects the refs need (everything by default) that the remote lacks, then the
 * records, skipping any whose objects failed or are on no remote (so what teammates see is whole).
 */
export async function pushAll(store: Store, root: string, config: MlopsConfig, opts: SyncOptions = {}): Promise<PushReport> {
  const has = configured(config, opts);
  const { signal } = opts;
  const progress = new Progress(opts.onProgress);
  const needed = neededObjects(store, opts.refs);
  let objects: PushReport['objects'] = { skipped: NO_REMOTE };
  if (has.remote) {
    objects = await withRemote(root, config, opts.remote, (remote) =>
      phase(progress, signal, async () => {
        const onProgress = (p: TransferProgress) => progress.report({ part: 'objects', remote: remote.name, progress: p });
        const report = await pushObjects(store, root, remote, needed, { signal, onProgress, jobs: opts.jobs });
        progress.done(`pushed ${transferredText(report, 'to', remote)}`);
        return { remote: remote.name, location: remote.location, needed: needed.size, report };
      }),
    );
  }
  // Records go only where their objects are: a failed object, or no remote at all, holds them back.
  const unavailableObjects = isSkipped(objects) ? new Set(needed.keys()) : new Set(objects.report.failed.map((f) => f.hash));
  let records: PushReport['records'] = { skipped: NO_TEAM };
  if (has.team) {
    records = await withTeam(config, opts.env ?? process.env, (team) =>
      phase(progress, signal, async () => {
        const onProgress = (p: PushProgress) => progress.report({ part: 'records', kind: p.kind, done: p.done, total: p.total });
        const report = await pushRecords(store, root, team, { refs: opts.refs, unavailableObjects, signal, onProgress });
        return { ...report, team: team.display };
      }),
    );
  }
  return { objects, records };
}

/**
 * `mlops pull`: teammates' records first, then the objects the refs need (everything by default,
 * pulled records included) that .mlops/objects lacks, each verified by hash before it enters the cache.
 */
export async function pullAll(store: Store, root: string, config: MlopsConfig, opts: SyncOptions = {}): Promise<PullReport> {
  const has = configured(config, opts);
  const { signal } = opts;
  const progress = new Progress(opts.onProgress);
  let records: PullReport['records'] = { skipped: NO_TEAM };
  if (has.team) {
    records = await withTeam(config, opts.env ?? process.env, (team) =>
      phase(progress, signal, async () => {
        const onProgress = (p: { kind?: string; done: number; total: number }) =>
          progress.report({ part: 'records', kind: (p.kind ?? 'run') as 'run', done: p.done, total: p.total });
        const report = await pullRecords(store, root, team, { signal, onProgress });
        progress.done('pulled the team store\'s records');
        return { ...report, team: team.display };
      }),
    );
  }
  let objects: PullReport['objects'] = { skipped: NO_REMOTE };
  if (has.remote) {
    const needed = neededObjects(store, opts.refs);
    const missing = new Map([...needed].filter(([hash]) => !hasObject(root, hash)));
    objects = await withRemote(root, config, opts.remote, (remote) =>
      phase(progress, signal, async () => {
        const report = await pullObjects(store, root, remote, missing, {
          signal,
          jobs: opts.jobs,
          onProgress: (p) => progress.report({ part: 'objects', remote: remote.name, progress: p }),
        });
        return { remote: remote.name, location: remote.location, needed: missing.size, report };
      }),
    );
  }
  return { objects, records };
}
