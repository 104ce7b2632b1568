// `mlops data diff A [B] [--key COL]... [--json]`: the summary diff of two versions of a table.
// A and B are file paths or dataset references (NAME@3, NAME:ITEM@2, NAME@<hash prefix>); B defaults
// to the working file of A's item. Exported as a verb for the `data` command to dispatch to.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetError } from '../../core/data/datasetItems';
import { parseDatasetRef, resolveDatasetRef } from '../../core/data/datasetRef';
import { objectPath } from '../../core/data/objectCache';
import { verifiedObjectPath } from '../../core/data/objectIntegrity';
import { formatOf } from '../../core/data/readers/openTable';
import { TableReadError, type TableFormat } from '../../core/data/readers/types';
import { diffTables } from '../../core/data/tableDiff';
import { renderTableDiff } from '../../core/data/tableDiffText';
import { UsageError, type CommandContext, type OptionSpec } from '../command';
import { csvReadFlags, tableReadOptionHelp, tableReadOptions } from '../tableReadOptions';
import { openStore } from '../workspaceStore';

export const dataDiffUsage = 'mlops data diff A [B] [--key COL]... [--format csv|jsonl|parquet] [--exit-code] [--json]';

/** Options the `data` command must accept for this verb. */
export const dataDiffOptions: OptionSpec = {
  key: { type: 'string', multiple: true },
  format: { type: 'string' },
  'exit-code': { type: 'boolean' },
  ...tableReadOptions,
};

export const dataDiffOptionHelp: Record<string, string> = {
  '--key COL': 'diff: match rows by this column (repeat for a compound key); without it rows match by content',
  '--format F': 'diff: read both sides as csv, jsonl or parquet (default: from the file extension)',
  '--exit-code': 'diff: exit 1 when the tables differ (for CI)',
  ...Object.fromEntries(Object.entries(tableReadOptionHelp).map(([k, v]) => [k, `diff: ${v}`])),
};

export const dataDiffExamples = ['mlops data diff data/train.csv /tmp/train-new.csv', 'mlops data diff train@2 train@3 --key id', 'mlops data diff train@2 --json'];

interface Side {
  file: string;
  label: string;
  format?: TableFormat;
  /** The workspace-relative item a dataset reference resolved to. */
  item?: string;
}

/** A path that exists is a file; anything else is read as a dataset reference. */
async function resolveSide(ctx: CommandContext, arg: string, format: TableFormat | undefined): Promise<Side> {
  const asPath = path.resolve(ctx.cwd, arg);
  if (fs.existsSync(asPath)) return { file: asPath, label: arg, format };
  // `data/x.csv` or `x.parquet` without `@` is a path that is not there, not a dataset name.
  if (!arg.includes('@') && (/[\\/]/.test(arg) || formatOf(arg))) throw new UsageError(`${arg}: no such file.`, 'Check the path, or name a dataset version as NAME@3.');
  let ref;
  try {
    ref = parseDatasetRef(arg);
  } catch {
    throw new UsageError(`${arg}: no such file, and not a dataset reference.`, 'Give a file path, or a dataset version as NAME@3, NAME:ITEM@3 or NAME@<hash prefix>.');
  }
  const { root, store } = openStore(ctx);
  try {
    const version = resolveDatasetRef(store, ref);
    if (version.kind !== 'file') throw new UsageError(`${arg} is a version of a folder.`, `Diff one of its files: give their paths, or declare the files as a glob dataset.`);
    if (!fs.existsSync(objectPath(root, version.hash))) throw new UsageError(`${arg}: the object of version ${version.version} (${version.hash.slice(0, 12)}) is missing from .mlops/objects.`, 'Run `mlops data verify` to check the cache.');
    // Its bytes are proved to match the hash before they are diffed (a corrupted object is quarantined: exit 1).
    const file = await verifiedObjectPath(root, version.hash, { store, what: `Diffing ${arg}` });
    return { file, label: `${version.dataset}:${version.item}@${version.version}`, item: version.item, format: format ?? formatOf(version.item) };
  } finally {
    store.close();
  }
}

export async function dataDiffVerb(ctx: CommandContext): Promise<number> {
  if (ctx.args.length < 1 || ctx.args.length > 2) throw new UsageError('Give two tables to compare (or one dataset version, to compare with its working file).', `Usage: ${dataDiffUsage}`);
  const format = ctx.values.format as string | undefined;
  if (format !== undefined && !['csv', 'jsonl', 'parquet'].includes(format)) throw new UsageError(`--format ${format}: use csv, jsonl or parquet.`);
  const keys = ((ctx.values.key as string[] | undefined) ?? []).flatMap((k) => k.split(',')).map((k) => k.trim()).filter(Boolean);
  try {
    const a = await resolveSide(ctx, ctx.args[0], format as TableFormat | undefined);
    let b: Side;
    if (ctx.args[1] !== undefined) b = await resolveSide(ctx, ctx.args[1], format as TableFormat | undefined);
    else if (a.item) b = { file: path.join(ctx.workspace(), a.item), label: a.item, format: a.format };
    else throw new UsageError('Give a second table: with one argument, it must be a dataset version (compared with its working file).', `Usage: ${dataDiffUsage}`);
    if (!fs.existsSync(b.file)) throw new UsageError(`${b.label}: the working file is missing.`, 'Give a second version to compare with, e.g. NAME@2 NAME@3.');
    const diff = await diffTables(a.file, b.file, { keys, formatA: a.format, formatB: b.format, csv: csvReadFlags(ctx) });
    if (ctx.json) ctx.out(JSON.stringify({ ...diff, a: { ...diff.a, label: a.label }, b: { ...diff.b, label: b.label } }, null, 2));
    else ctx.out(renderTableDiff(diff, a, b));
    const differs = diff.rows.added + diff.rows.removed + (diff.rows.changed ?? 0) + diff.columns.added.length + diff.columns.removed.length + diff.columns.retyped.length > 0;
    return ctx.values['exit-code'] && differs ? 1 : 0;
  } catch (err) {
    // Bad input (malformed table, unknown version): exit 2 with the reader's file:line message.
    if (err instanceof TableReadError || err instanceof DatasetError) throw new UsageError(err.message);
    throw err;
  }
}
