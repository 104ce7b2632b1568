import * as fs from 'node:fs';
import * as path from 'node:path';
import { declareDataset, DeclareError } from '../../core/config/declareDataset';
import type { MlopsConfig } from '../../core/config/types';
import { checkoutVersion } from '../../core/data/checkoutVersion';
import { collectGarbage, GcRefusedError } from '../../core/data/collectGarbage';
import { DatasetError } from '../../core/data/datasetItems';
import { parseDatasetRef, resolveDatasetRef, resolveItem } from '../../core/data/datasetRef';
import { datasetStatus } from '../../core/data/datasetStatus';
import { listVersions, type DatasetVersion } from '../../core/data/datasetVersions';
import { DatasetWatcher } from '../../core/data/datasetWatcher';
import { FileChangingError } from '../../core/data/fileSnapshot';
import { verifyObjects } from '../../core/data/verifyObjects';
import { versionDataset, type VersionResult } from '../../core/data/versionDataset';
import { isGlob, OutsideWorkspaceError, toRel } from '../../core/data/workspacePaths';
import { describeResult } from '../../core/quality/describeResult';
import { failedExpectations, validateNewVersions, type VersionValidation } from '../../core/quality/validateNewVersions';
import { UsageError, type Command, type CommandContext } from '../command';
import { dataDiffExamples, dataDiffOptionHelp, dataDiffOptions, dataDiffUsage, dataDiffVerb } from './dataDiff';
import { table } from '../table';
import { formatTime } from '../time';
import { openStore, openWorkspace, readWorkspaceConfig } from '../workspaceStore';
import { pushAll } from '../../shared/boundedSpread';
import { formatSize } from '../../shared/format';

const iso = (t: number) => new Date(t).toISOString();

// One size format for the CLI, the views and the webviews.
const formatBytes = formatSize;
export { formatBytes };

function versionJson(v: DatasetVersion) {
  return { version: v.version, path: v.item, hash: v.hash, size: v.size, createdAt: iso(v.createdAt), source: v.source, note: v.note, kind: v.kind, dataset: v.dataset };
}

/** Progress on the terminal for files past 64 MB, and Ctrl+C cancels cleanly (no half-written object). */
function longWork(ctx: CommandContext) {
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error('cancelled (Ctrl+C)'));
  process.once('SIGINT', onSigint);
  const tty = process.stderr.isTTY;
  let shown = false;
  return {
    signal: controller.signal,
    onProgress: (p: { item: string; bytes: number; total: number }) => {
      if (!tty || ctx.json || p.total < 64 << 20) return;
      shown = true;
      process.stderr.write(`\r  ${p.item}  ${Math.floor((100 * p.bytes) / p.total)}% of ${formatBytes(p.total)}   `);
    },
    done: () => {
      process.removeListener('SIGINT', onSigint);
      if (shown) process.stderr.write('\n');
    },
  };
}

function datasetNames(config: MlopsConfig, args: string[]): string[] {
  const names = args.length ? args : Object.keys(config.datasets);
  for (const n of names) if (!config.datasets[n]) throw new DatasetError(`No dataset "${n}" in mlops.json${Object.keys(config.datasets).length ? ` (declared: ${Object.keys(config.datasets).join(', ')})` : ''}.`);
  return names;
}

async function status(ctx: CommandContext): Promise<number> {
  const { root, store, loaded } = openWorkspace(ctx);
  const items = await datasetStatus(store, root, loaded.config, datasetNames(loaded.config, ctx.args));
  store.close();
  if (ctx.json) {
    ctx.out(JSON.stringify(items.map((i) => ({ dataset: i.dataset, path: i.item, kind: i.kind, latestVersion: i.latest ?? null, hash: i.latestHash ?? null, state: i.state, ...(i.problem ? { problem: i.problem } : {}) })), null, 2));
  } else if (!items.length) ctx.out('No datasets declared. Add one with `mlops data add PATH`.');
  else {
    ctx.out(table(['DATASET', 'PATH', 'VERSION', 'STATE'], items.map((i) => [i.dataset, i.item, i.latest ? String(i.latest) : '-', i.state])));
    for (const i of items) if (i.problem) ctx.err(i.problem);
  }
  return items.some((i) => i.problem) ? 2 : 0;
}

function printVersioned(ctx: CommandContext, results: VersionResult[], validations: VersionValidation[] = []): void {
  if (ctx.json) {
    const byId = new Map(validations.map((v) => [v.version.id, v.result]));
    ctx.out(
      JSON.stringify(
        results.map((r) => ({
          dataset: r.dataset,
          bytesRead: r.bytesRead,
          items: r.items.map((i) => ({ path: i.item, state: i.state, ...(i.version ? { version: versionJson(i.version) } : {}), ...(i.version && byId.has(i.version.id) ? { validation: byId.get(i.version.id) } : {}) })),
        })),
        null,
        2,
      ),
    );
    return;
  }
  const rows = results.flatMap((r) =>
    r.items.map((i) => [r.dataset, i.item, i.version ? String(i.version.version) : '-', i.state === 'created' ? 'new version' : i.state, i.version ? i.version.hash.slice(0, 12) : '']),
  );
  ctx.out(rows.length ? table(['DATASET', 'PATH', 'VERSION', 'RESULT', 'SHA-256'], rows) : 'Nothing to version: no dataset has files yet.');
  for (const line of validationLines(validations)) ctx.out(line);
}

/** A line per validated new version, then one per failed expectation with the first line to look at. */
function validationLines(validations: VersionValidation[]): string[] {
  return validations.flatMap(({ version: v, result }) => {
    const head = `${result.success ? 'PASS' : 'FAIL'} ${v.dataset} ${v.item} version ${v.version}`;
    const failed = failedExpectations(result);
    // Failed warnings do not fail the version, but are marked warn, never counted as holding.
    const warned = result.results.filter((r) => !r.success && r.severity === 'warning');
    const line = (r: (typeof result.results)[number]) => `  ${describeResult(r)}${r.unexpectedRows.length ? `; first at ${v.item}:${r.unexpectedRows[0].line}` : ''}`;
    const warnings = warned.map((r) => `  warn ${line(r).trimStart()}`);
    if (result.success) {
      const held = result.results.length - warned.length;
      return [`${head}: ${held === result.results.length ? (held === 1 ? 'its expectation holds' : `all ${held} expectations hold`) : `${held} of ${result.results.length} expectations hold, ${warned.length} warning${warned.length === 1 ? '' : 's'}`}`, ...warnings];
    }
    if (result.raggedFailed && !failed.length) return [`${head}: ${result.raggedRows} ragged rows (set "allowRagged": true on the dataset to allow them)`, ...warnings];
    if (!failed.length) return [`${head}: cannot be read`, ...result.problems.slice(0, 1).map((p) => `  ${v.item}:${p.line}: ${p.message}`)];
    return [head, ...failed.map(line), ...warnings];
  });
}

async function version(ctx: CommandContext): Promise<number> {
  const { root, store, loaded } = openWorkspace(ctx);
  const names = datasetNames(loaded.config, ctx.args);
  if (!names.length) throw new UsageError('No datasets declared in mlops.json.', 'Add one with `mlops data add PATH [--name D]`.');
  const work = longWork(ctx);
  const results: VersionResult[] = [];
  const validations: VersionValidation[] = [];
  try {
    for (const n of names) {
      const r = await versionDataset(store, root, loaded.config, n, { source: 'cli', note: ctx.values.note as string | undefined, signal: work.signal, onProgress: work.onProgress });
      results.push(r);
      // Like a Great Expectations checkpoint: each new version is checked as it is recorded.
      pushAll(validations, await validateNewVersions(store, loaded.config, r, { signal: work.signal }));
    }
  } finally {
    work.done();
    store.close();
  }
  printVersioned(ctx, results, validations);
  // Versioning did its job either way (like `dvc add`); --strict makes bad data stop a script, like a
  // Great Expectations checkpoint (`mlops validate` is the CI gate that always does).
  const failing = validations.filter((v) => !v.result.success).length;
  if (!failing) return 0;
  if (ctx.values.strict) return 1;
  ctx.err(`${failing} new version${failing === 1 ? '' : 's'} fail${failing === 1 ? 's' : ''} ${failing === 1 ? 'its' : 'their'} expectations (recorded all the same); --strict exits 1 when one does.`);
  return 0;
}

/** A file dataset's name from its file: `data/train.csv` -> `train`. */
function defaultName(rel: string): string {
  const base = path.basename(rel).replace(/\.[^.]*$/, '') || path.basename(rel);
  const clean = base.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  if (!clean) throw new UsageError(`Cannot make a dataset name from "${rel}".`, 'Name it: mlops data add PATH --name NAME');
  return clean;
}

async function add(ctx: CommandContext): Promise<number> {
  if (ctx.args.length !== 1) throw new UsageError('Name one path to add.', 'Usage: mlops data add PATH [--name D]');
  const root = ctx.workspace({ orCwd: true });
  const raw = ctx.args[0];
  const abs = path.resolve(ctx.cwd, raw);
  // A literal path wins over a glob: `a[1].csv` that exists is that file.
  const glob = isGlob(raw) && !fs.existsSync(abs);
  if (!glob && !fs.existsSync(abs)) throw new UsageError(`${raw} does not exist.`, 'Give the path of a file, a folder or a glob (quote it: "data/*.csv").');
  const rel = toRel(root, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new UsageError(`${raw} is outside the workspace ${root}.`, 'Move or copy the data into the workspace first.');
  const name = (ctx.values.name as string | undefined) ?? defaultName((glob && rel.replace(/\/?[^/]*[*?[].*$/, '')) || rel);
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) throw new UsageError(`"${name}" is not a valid dataset name.`, "Use letters, digits, '_', '.', '-', starting with a letter or digit.");
  const before = readWorkspaceConfig(root);
  const declared = declareDataset(root, name, rel, before.config.datasets);
  const { store, loaded } = openWorkspace({ ...ctx, workspace: () => root });
  const work = longWork(ctx);
  try {
    const r = await versionDataset(store, root, loaded.config, name, { source: 'cli', signal: work.signal, onProgress: work.onProgress });
    const validations = await validateNewVersions(store, loaded.config, r, { signal: work.signal });
    if (!ctx.json) ctx.out(declared ? `Declared dataset "${name}" (${rel}) in mlops.json.` : `Dataset "${name}" was already declared.`);
    printVersioned(ctx, [r], validations);
  } finally {
    work.done();
    store.close();
  }
  return 0;
}

function versions(ctx: CommandContext): number {
  if (ctx.args.length !== 1) throw new UsageError('Name one dataset.', 'Usage: mlops data versions DATASET[:ITEM] [--path ITEM] [--json]');
  const { store, loaded } = openWorkspace(ctx);
  const ref = parseDatasetRef(ctx.args[0]);
  const itemArg = (ctx.values.path as string | undefined) ?? ref.item;
  if (!loaded.config.datasets[ref.dataset] && !listVersions(store, ref.dataset).length) datasetNames(loaded.config, [ref.dataset]);
  const item = itemArg !== undefined ? resolveItem(store, ref.dataset, itemArg) : undefined;
  const list = listVersions(store, ref.dataset, item);
  store.close();
  if (ctx.json) ctx.out(JSON.stringify(list.map(versionJson), null, 2));
  else if (!list.length) ctx.out(`No versions of ${ref.dataset} yet: run \`mlops data version ${ref.dataset}\`.`);
  else ctx.out(table(['PATH', 'VERSION', 'CREATED', 'SOURCE', 'SIZE', 'SHA-256', 'NOTE'], list.map((v) => [v.item, String(v.version), formatTime(v.createdAt), v.source, formatBytes(v.size), v.hash.slice(0, 12), v.note])));
  return 0;
}

async function checkout(ctx: CommandContext): Promise<number> {
  if (ctx.args.length !== 1) throw new UsageError('Name one version.', 'Usage: mlops data checkout DATASET[@VERSION] [--path ITEM]   (VERSION: a number or a hash prefix)');
  const { root, store, loaded } = openWorkspace(ctx);
  try {
    const ref = parseDatasetRef(ctx.args[0]);
    if (ctx.values.path) ref.item = ctx.values.path as string;
    if (!loaded.config.datasets[ref.dataset] && !listVersions(store, ref.dataset).length) datasetNames(loaded.config, [ref.dataset]);
    const target = resolveDatasetRef(store, ref);
    const r = await checkoutVersion(store, root, loaded.config, target);
    if (ctx.json) ctx.out(JSON.stringify({ restored: versionJson(r.target), saved: r.saved ? versionJson(r.saved) : null, recorded: r.recorded ? versionJson(r.recorded) : null, unchanged: r.unchanged }, null, 2));
    else if (r.unchanged) ctx.out(`${target.item} already holds ${target.dataset} version ${target.version}; nothing to do.`);
    else {
      if (r.saved) ctx.out(`Saved the unversioned content of ${target.item} as version ${r.saved.version}.`);
      ctx.out(`Restored ${target.item} to version ${target.version} (${target.hash.slice(0, 12)})${r.recorded ? `, recorded as version ${r.recorded.version}` : ''}.`);
    }
  } finally {
    store.close();
  }
  return 0;
}

async function verify(ctx: CommandContext): Promise<number> {
  const { root, store } = openStore(ctx);
  const r = await verifyObjects(store, root);
  store.close();
  if (ctx.json) ctx.out(JSON.stringify(r, null, 2));
  else {
    ctx.out(`Checked ${r.checked} object${r.checked === 1 ? '' : 's'} (${formatBytes(r.bytes)}).`);
    for (const c of r.corrupted) ctx.out(`CORRUPTED ${c.hash} (now hashes to ${c.actual.slice(0, 12)}), moved to ${c.quarantined}${c.versions.length ? `; used by ${c.versions.join(', ')}` : ''}`);
    for (const m of r.missing) ctx.out(`MISSING   ${m.hash}${m.versions.length ? `; used by ${m.versions.join(', ')}` : ''}`);
    if (r.corrupted.length || r.missing.length) ctx.err('Where a workspace file still holds that content, `mlops data version` stores a good copy again.');
    else ctx.out('All objects match their hashes.');
  }
  return r.corrupted.length || r.missing.length ? 1 : 0;
}

function gc(ctx: CommandContext): number {
  const { root, store } = openStore(ctx);
  const dryRun = ctx.values['dry-run'] === true;
  let r;
  try {
    r = collectGarbage(store, root, { dryRun, force: ctx.values.force === true });
  } catch (err) {
    if (err instanceof GcRefusedError) throw new UsageError(err.message);
    throw err;
  } finally {
    store.close();
  }
  if (ctx.json) ctx.out(JSON.stringify({ dryRun, ...r }, null, 2));
  else {
    for (const o of r.objects) ctx.out(`${dryRun ? 'would remove' : 'removed'}  ${o.hash}  ${formatBytes(o.size)}`);
    ctx.out(`${dryRun ? 'Would remove' : 'Removed'} ${r.objects.length} unreferenced object${r.objects.length === 1 ? '' : 's'} (${formatBytes(r.bytes)}).${r.kept ? ` Kept ${r.kept} newer than 10 minutes (possibly being versioned now).` : ''}`);
    if (r.summaries) ctx.out(`${dryRun ? 'Would drop' : 'Dropped'} ${r.summaries} drift reference summar${r.summaries === 1 ? 'y' : 'ies'} of data no longer kept (computed again if needed).`);
  }
  return 0;
}

async function watch(ctx: CommandContext): Promise<number> {
  const { root, store, loaded } = openWorkspace(ctx);
  const stop = new AbortController();
  let validating: Promise<void> = Promise.resolve();
  const watcher = new DatasetWatcher(store, root, loaded.config, {
    onVersioned: (r) => {
      for (const i of r.items) if (i.state === 'created' && i.version) ctx.out(`${formatTime(Date.now())}  ${r.dataset}  ${i.item}  version ${i.version.version} (${i.version.hash.slice(0, 12)})`);
      // One validation at a time, in the order versions arrive; a failure is reported and watching goes on.
      validating = validating
        .then(() => validateNewVersions(store, loaded.config, r, { signal: stop.signal }))
        .then((done) => {
          for (const line of validationLines(done)) ctx.out(`${formatTime(Date.now())}  ${line}`);
        })
        .catch((err) => {
          if (!stop.signal.aborted) ctx.err(`Validating ${r.dataset} failed: ${err instanceof Error ? err.message : String(err)}`);
        });
    },
    onError: (_d, message) => ctx.err(message),
  });
  const names = await watcher.start();
  if (!names.length) {
    await watcher.close();
    store.close();
    throw new UsageError('No dataset to watch.', 'Declare one under "datasets" in mlops.json (with "watch" not false), or `mlops data add PATH`.');
  }
  ctx.err(`Watching ${names.join(', ')}. Press Ctrl+C to stop.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await watcher.close();
  stop.abort();
  await validating;
  store.close();
  return 0;
}

const verbs: Record<string, (ctx: CommandContext) => number | Promise<number>> = { status, add, version, versions, checkout, diff: dataDiffVerb, verify, gc, watch };

async function withErrors(fn: () => number | Promise<number>, ctx: CommandContext): Promise<number> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof DatasetError || err instanceof OutsideWorkspaceError || err instanceof DeclareError) throw new UsageError(err.message);
    if (err instanceof FileChangingError) {
      ctx.err(`mlops data: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

export const dataCommand: Command = {
  name: 'data',
  summary: 'version datasets: status, add, version, versions, checkout, diff, verify, gc, watch',
  usage:
    'mlops data status [DATASET...] | add PATH [--name D] | version [DATASET...] [--note T] [--strict] | versions DATASET | checkout DATASET[@VERSION] [--path ITEM] | ' +
    dataDiffUsage.replace(/^mlops data /, '') +
    ' | verify | gc [--dry-run] [--force] | watch',
  examples: [
    'mlops data add data/train.csv',
    'mlops data status --json',
    'mlops data version train --note "dedup rows"',
    'mlops data versions train --json',
    'mlops data checkout train@2',
    'mlops data checkout incoming:batch-07.csv@1',
    'mlops data gc --dry-run',
    ...dataDiffExamples,
  ],
  options: { name: { type: 'string' }, note: { type: 'string' }, path: { type: 'string' }, 'dry-run': { type: 'boolean' }, force: { type: 'boolean' }, strict: { type: 'boolean' }, ...dataDiffOptions },
  optionHelp: {
    '--name D': 'add: the dataset name (default: the file name without extension)',
    '--note T': 'version: a note stored with new versions',
    '--strict': 'version: exit 1 when a new version fails an expectation of severity error (it is recorded all the same)',
    '--path ITEM': 'checkout, versions: the item of a glob or folder dataset',
    '--dry-run': 'gc: list what would be removed, with sizes',
    '--force': 'gc: remove unreferenced objects even when the store references none at all (refused by default: the store may have been emptied or replaced)',
    ...dataDiffOptionHelp,
  },
  run(ctx) {
    const [verb, ...args] = ctx.args;
    const fn = verb ? verbs[verb] : undefined;
    if (!fn) throw new UsageError(verb ? `Unknown "data ${verb}".` : 'Say what to do with data.', `Usage: ${this.usage}`);
    return withErrors(() => fn({ ...ctx, args }), ctx);
  },
};

