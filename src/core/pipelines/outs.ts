// A stage's outs and the object cache: stored after a run, compared by status, put back from the
// run cache, and saved before a run so a failed one leaves them as they were.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cachedFileHash } from '../data/cachedFileHash';
import { buildManifest, readManifest } from '../data/directoryManifest';
import { statFile, statIfExists } from '../data/fileStat';
import { commitStaged, discardStaged, stageObject, type LinkMode, type StagedObject } from '../data/placeObject';
import { rememberHash } from '../data/statCache';
import { assertInsideWorkspace, toRel } from '../data/workspacePaths';
import type { Store } from '../store/store';
import { abandonedRollbacks, holdRollback, releaseRollback, type RollbackRecord } from './rollbackRecords';
import { outRestorable } from './runCache';
import { hashPath, type HashOptions } from './stageKey';
import type { PathHash, StageSpec } from './types';

/** A stage exited 0 without writing an out it declares: the stage failed. */
export class MissingOutError extends Error {}

export interface OutChange {
  path: string;
  change: 'modified' | 'missing';
}

/** Hashes and stores every out as objects (a folder: its files and its manifest), so the run cache can restore them. */
export async function storeOuts(store: Store, workspaceRoot: string, stage: StageSpec, opts: { signal?: AbortSignal } = {}): Promise<PathHash[]> {
  const outs: PathHash[] = [];
  for (const rel of stage.outs) {
    const h = await storePath(store, workspaceRoot, rel, opts.signal);
    if (!h) throw new MissingOutError(`stage ${stage.name} declared out ${rel} but did not write it`);
    outs.push(h);
  }
  return outs;
}

/** A file or folder stored as objects; undefined when nothing is there. */
async function storePath(store: Store, workspaceRoot: string, rel: string, signal?: AbortSignal): Promise<PathHash | undefined> {
  const abs = path.resolve(workspaceRoot, rel);
  assertInsideWorkspace(workspaceRoot, abs, `The out ${rel}`);
  const st = statIfExists(abs);
  if (!st) return undefined;
  if (isDir(st.mode)) {
    const m = await buildManifest(store, workspaceRoot, abs, { storeObject: true, signal });
    if (!m) throw new Error(`${rel} changed while it was stored. Try again once it is written.`);
    const files = m.entries.map((e) => `${rel}/${e.path}`);
    return withExecutable({ path: rel, kind: 'dir', hash: m.hash, size: m.size }, files.filter((f) => isExecutable(statIfExists(path.resolve(workspaceRoot, f))?.mode)));
  }
  const h = await cachedFileHash(store, workspaceRoot, abs, { storeObject: true, signal });
  if (!h) throw new Error(`${rel} changed while it was stored. Try again once it is written.`);
  return withExecutable({ path: rel, kind: 'file', hash: h.hash, size: h.size }, isExecutable(st.mode) ? [rel] : []);
}

// The executable bit is kept beside the hash (a folder's manifest holds no modes); only when some file has it.
const isExecutable = (mode: number | undefined) => mode !== undefined && (mode & 0o111) !== 0;
const withExecutable = (h: PathHash, executable: string[]): PathHash => (executable.length ? { ...h, executable } : h);
const modeOf = (o: PathHash, rel: string) => (o.executable?.includes(rel) ? 0o755 : 0o644);

const isDir = (mode: number) => (mode & fs.constants.S_IFMT) === fs.constants.S_IFDIR;

/** Outs that are no longer as recorded, with the content bytes read to tell (stat cache first). */
export async function compareOuts(store: Store, workspaceRoot: string, outs: PathHash[], opts: HashOptions = {}): Promise<{ changes: OutChange[]; bytesRead: number }> {
  const changes: OutChange[] = [];
  let bytesRead = 0;
  for (const o of outs) {
    const now = await hashPath(store, workspaceRoot, o.path, opts);
    if (!now) changes.push({ path: o.path, change: 'missing' });
    else {
      bytesRead += now.bytesRead;
      if (now.hash.hash !== o.hash || now.hash.kind !== o.kind) changes.push({ path: o.path, change: 'modified' });
    }
  }
  return { changes, bytesRead };
}

/** Outs that are no longer as recorded (stat cache first). Empty when all match. */
export async function outsMatch(store: Store, workspaceRoot: string, outs: PathHash[], opts: HashOptions = {}): Promise<OutChange[]> {
  return (await compareOuts(store, workspaceRoot, outs, opts)).changes;
}

/** An out ready to be put in place: its bytes are checked and beside its destination. */
interface PreparedOut {
  commit(): Promise<void>;
  discard(): Promise<void>;
  /** Files now in place with their hashes, for the stat cache. */
  placed(): { dest: string; hash: string }[];
}

/**
 * Puts each out back from the object cache. Every out is prepared first (files copied beside their
 * place and checked against their hash; a folder built whole as a temp folder beside it): a missing
 * or corrupt object fails the restore with every out as it was. Then each is renamed into place (a
 * folder replaces the old one whole, so files the cached folder did not have go with it). Placed
 * files enter the stat cache, so status does not read them again.
 */
export async function restoreOuts(store: Store, workspaceRoot: string, outs: PathHash[], opts: { link?: LinkMode; signal?: AbortSignal } = {}): Promise<void> {
  const prepared: PreparedOut[] = [];
  try {
    for (const o of outs) {
      opts.signal?.throwIfAborted();
      prepared.push(o.kind === 'dir' ? await prepareFolder(store, workspaceRoot, o, opts) : await prepareFile(store, workspaceRoot, o, opts));
    }
  } catch (err) {
    for (const p of prepared) await p.discard();
    throw err;
  }
  for (let i = 0; i < prepared.length; i++) {
    try {
      await prepared[i].commit();
    } catch (err) {
      for (const p of prepared.slice(i)) await p.discard();
      throw err;
    }
  }
  for (const p of prepared) for (const f of p.placed()) rememberHash(store, toRel(workspaceRoot, f.dest), statFile(f.dest), f.hash);
}

async function prepareFile(store: Store, workspaceRoot: string, o: PathHash, opts: { link?: LinkMode; signal?: AbortSignal }): Promise<PreparedOut> {
  const dest = path.resolve(workspaceRoot, o.path);
  assertInsideWorkspace(workspaceRoot, dest, `The out ${o.path}`);
  const st = statIfExists(dest);
  if (st && isDir(st.mode)) throw new Error(`${o.path} is a folder now, but the run cache holds a file there. Move the folder away and try again.`);
  const staged: StagedObject = await stageObject(workspaceRoot, o.hash, dest, opts.link, modeOf(o, o.path), { store, signal: opts.signal, what: `Restoring ${o.path} from the run cache` });
  return { commit: () => commitStaged([staged]), discard: () => discardStaged([staged]), placed: () => [{ dest, hash: o.hash }] };
}

async function prepareFolder(store: Store, workspaceRoot: string, o: PathHash, opts: { link?: LinkMode; signal?: AbortSignal }): Promise<PreparedOut> {
  const dest = path.resolve(workspaceRoot, o.path);
  assertInsideWorkspace(workspaceRoot, dest, `The out ${o.path}`);
  const what = `Restoring ${o.path} from the run cache`;
  const entries = readManifest(workspaceRoot, o.hash, { store, what });
  const tmp = besides(dest, 'new');
  const removeTmp = () => fs.promises.rm(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  try {
    for (const e of entries) {
      opts.signal?.throwIfAborted();
      const file = path.join(tmp, ...e.path.split('/'));
      await commitStaged([await stageObject(workspaceRoot, e.sha256, file, opts.link, modeOf(o, `${o.path}/${e.path}`), { store, signal: opts.signal, what: `${what} (file ${e.path})` })]);
    }
  } catch (err) {
    await removeTmp();
    throw err;
  }
  return {
    // The old folder is moved aside, the new one renamed in, the old one removed; a failed rename puts the old one back.
    commit: async () => {
      const old = fs.existsSync(dest) ? besides(dest, 'old') : undefined;
      if (old) await fs.promises.rename(dest, old);
      try {
        await fs.promises.rename(tmp, dest);
      } catch (err) {
        if (old) await fs.promises.rename(old, dest);
        throw err;
      }
      if (old) await fs.promises.rm(old, { recursive: true, force: true });
    },
    discard: removeTmp,
    placed: () => entries.map((e) => ({ dest: path.join(dest, ...e.path.split('/')), hash: e.sha256 })),
  };
}

/** A hidden name beside `dest`, unique to this call. */
const besides = (dest: string, what: string) => path.join(path.dirname(dest), `.${path.basename(dest)}.mlops-${what}-${randomBytes(4).toString('hex')}`);

/** Puts a stage's outs back as they were before it ran. */
export interface Rollback extends RollbackRecord {
  restore(): Promise<void>;
  /** The stage ended (outs committed or put back): the saved copies are no longer held from gc. */
  release(): void;
}

/**
 * Stores the stage's current outs (those that exist) as objects before it runs, so a failed or
 * killed run can be undone: restore() puts them back and removes the outs that did not exist before
 * (only those paths, which the stage itself created). With a pipeline run, the saved objects are
 * held (stage_rollbacks) so gc keeps them until release().
 */
export async function saveOutsForRollback(
  store: Store,
  workspaceRoot: string,
  stage: StageSpec,
  opts: { link?: LinkMode; signal?: AbortSignal; pipelineRunId?: string } = {},
): Promise<Rollback> {
  let record = await storeCurrentOuts(store, workspaceRoot, stage, opts.signal);
  const { pipelineRunId } = opts;
  if (pipelineRunId) {
    holdRollback(store, pipelineRunId, stage.name, record);
    // An object storing found already there (old, unreferenced) may have gone to gc before it was held: stored again, now held.
    if (!record.saved.every((o) => outRestorable(store, workspaceRoot, o))) {
      record = await storeCurrentOuts(store, workspaceRoot, stage, opts.signal);
      holdRollback(store, pipelineRunId, stage.name, record);
    }
  }
  return {
    ...record,
    restore: () => rollBack(store, workspaceRoot, record, { link: opts.link }),
    release: () => {
      if (pipelineRunId) releaseRollback(store, pipelineRunId, stage.name);
    },
  };
}

async function storeCurrentOuts(store: Store, workspaceRoot: string, stage: StageSpec, signal?: AbortSignal): Promise<RollbackRecord> {
  const saved: PathHash[] = [];
  const absent: string[] = [];
  for (const rel of stage.outs) {
    const h = await storePath(store, workspaceRoot, rel, signal);
    if (h) saved.push(h);
    else absent.push(rel);
  }
  return { saved, absent };
}

/**
 * Puts back the outs of stages whose repro was killed while they ran (their pipeline runs found
 * lost), as they were before those stages started, and lets go of the saved copies. Newest first, so
 * of two held for one out, the older (the state before the first killed run) is what stays.
 */
export async function putBackAbandoned(store: Store, workspaceRoot: string, opts: { link?: LinkMode } = {}): Promise<{ stage: string; pipelineRunId: string; outs: string[] }[]> {
  const done: { stage: string; pipelineRunId: string; outs: string[] }[] = [];
  for (const held of abandonedRollbacks(store)) {
    await rollBack(store, workspaceRoot, held.record, opts);
    releaseRollback(store, held.pipelineRunId, held.stage);
    done.push({ stage: held.stage, pipelineRunId: held.pipelineRunId, outs: [...held.record.saved.map((o) => o.path), ...held.record.absent] });
  }
  return done;
}

/** Puts outs back as a rollback saved them: the saved ones restored, the absent ones removed. */
async function rollBack(store: Store, workspaceRoot: string, r: RollbackRecord, opts: { link?: LinkMode } = {}): Promise<void> {
  // A folder the stage made where a file out was is the stage's own: it goes, so the file can return.
  for (const o of r.saved) {
    const abs = path.resolve(workspaceRoot, o.path);
    if (o.kind === 'file' && isDir(statIfExists(abs)?.mode ?? 0)) await fs.promises.rm(abs, { recursive: true, force: true });
  }
  await restoreOuts(store, workspaceRoot, r.saved, { link: opts.link });
  for (const rel of r.absent) await fs.promises.rm(path.resolve(workspaceRoot, rel), { recursive: true, force: true });
}
