// `mlops profile TARGET [--json]`: per-column statistics of a table, as numpy computes them.
import { TableReadError, type TableFormat } from '../../core/data/readers/types';
import { profileFile, type ColumnProfile, type TableProfile } from '../../core/quality/profile';
import { toJsonText } from '../../core/quality/profileJson';
import { profileForVersion } from '../../core/quality/profileStore';
import { Store } from '../../core/store/store';
import { UsageError, type Command } from '../command';
import { table } from '../table';
import { resolveTargets, targetDataset } from './qualityTarget';
import { datasetCsvOptions } from '../../core/data/readers/datasetReadOptions';
import { csvReadFlags, tableReadOptionHelp, tableReadOptions } from '../tableReadOptions';
import { readWorkspaceConfig } from '../workspaceStore';

const fmt = (x: number | string | null | undefined): string => {
  if (x === null || x === undefined) return '';
  if (typeof x !== 'number') return String(x);
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 1e6 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : String(Number(x.toPrecision(6)));
};
const pct = (x: number | null) => (x === null ? '' : `${(x * 100).toFixed(x > 0 && x < 0.001 ? 3 : 1)}%`);

function render(label: string, p: TableProfile): string {
  const out = [`${label}: ${p.rows} rows, ${p.columns.length} columns${p.raggedRows ? `, ${p.raggedRows} ragged rows left out` : ''}`, ''];
  out.push(
    table(
      ['column', 'type', 'nulls', 'distinct', 'min', 'max', 'mean', 'std', 'p50', 'top'],
      p.columns.map((c: ColumnProfile) => [
        c.name,
        c.type,
        pct(c.nullShare),
        `${c.distinctError !== undefined ? '~' : ''}${c.distinct}`,
        fmt(c.min),
        fmt(c.max),
        fmt(c.mean),
        fmt(c.std),
        fmt(c.quantiles?.p50),
        c.mean === null ? c.top.slice(0, 3).map((t) => `${t.value} (${t.count})`).join(', ') : '',
      ]),
    ),
  );
  for (const c of p.columns) if (c.histogramNote) out.push('', `${c.name}: ${c.histogramNote}`);
  const sketched = p.columns.filter((c) => c.distinctError !== undefined || c.quantileRankError !== undefined);
  if (sketched.length) out.push('', `~ estimated: ${sketched.map((c) => c.name).join(', ')} (see --json for the stated errors)`);
  return out.join('\n');
}

/** A one-line progress counter on an interactive terminal; nothing in logs or pipes. */
export function terminalProgress(label: string): ((fraction: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = -1;
  return (f) => {
    const n = Math.floor(f * 100);
    if (n !== last) process.stderr.write(`\r${label}: ${(last = n)}%${n >= 100 ? '\r\x1b[K' : ''}`);
  };
}

export const profileCommand: Command = {
  name: 'profile',
  summary: 'per-column statistics of a table: types, nulls, distinct, quantiles, histogram, top values',
  usage: 'mlops profile DATASET[@V] | PATH [--format csv|jsonl|parquet] [--json]',
  examples: ['mlops profile data/train.csv', 'mlops profile train@3 --json', 'mlops profile train'],
  options: { format: { type: 'string' }, ...tableReadOptions },
  optionHelp: { '--format F': 'read the table as csv, jsonl or parquet (default: from the file extension)', ...tableReadOptionHelp },
  async run(ctx) {
    if (ctx.args.length !== 1) throw new UsageError('Give one table to profile: a file path or a dataset (NAME or NAME@3).', `Usage: ${this.usage}`);
    const format = ctx.values.format as TableFormat | undefined;
    if (format !== undefined && !['csv', 'jsonl', 'parquet'].includes(format)) throw new UsageError(`--format ${format}: use csv, jsonl or parquet.`);
    const root = ctx.workspace({ orCwd: true });
    const { config } = readWorkspaceConfig(root);
    let store: Store | undefined;
    try {
      const targets = resolveTargets(root, config, ctx.args[0], ctx.cwd, () => (store ??= Store.open(root)));
      const profiles: { label: string; profile: TableProfile }[] = [];
      const flags = csvReadFlags(ctx);
      for (const t of targets) {
        const onProgress = ctx.json ? undefined : terminalProgress(`profiling ${t.label}`);
        const dataset = targetDataset(t);
        const csv = datasetCsvOptions(dataset === undefined ? undefined : config.datasets[dataset], flags);
        const profile =
          t.kind === 'version'
            ? await profileForVersion(store!, t.version, { format, onProgress, csv })
            : await profileFile(t.file, { format, onProgress, csv });
        // Lines skipped before the data, many ragged rows: said on stderr, so stdout stays the profile.
        for (const note of profile.notes ?? []) ctx.err(`note: ${t.label}: ${note}`);
        profiles.push({ label: t.label, profile });
      }
      if (ctx.json) ctx.out(toJsonText(profiles.length === 1 ? profiles[0].profile : profiles.map((p) => ({ file: p.label, ...p.profile })), 2));
      else ctx.out(profiles.map((p) => render(p.label, p.profile)).join('\n\n'));
      return 0;
    } catch (err) {
      // Malformed or missing input (a cached object gone included): exit 2 with the reader's file:line message.
      if (err instanceof TableReadError) throw new UsageError(err.message);
      throw err;
    } finally {
      store?.close();
    }
  },
};
