// `mlops drift REF CUR`: which columns of a batch drifted from a reference, each by its test, with a
// JSON form for scripts, a self-contained HTML report, and exit 1 on drift with --fail-on-drift.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DatasetError } from '../../core/data/datasetItems';
import { datasetCsvOptions } from '../../core/data/readers/datasetReadOptions';
import { TableReadError, type TableFormat } from '../../core/data/readers/types';
import { DriftAborted } from '../../core/drift/columnData';
import { DriftInputError, type ColumnOptions } from '../../core/drift/compare';
import { driftBetween, resolveDriftSource, type DriftSource } from '../../core/drift/driftCheck';
import { renderDriftHtml } from '../../core/drift/htmlReport';
import { multivariateLine } from '../../shared/multivariateLine';
import { isTestName, testInfo } from '../../core/drift/registry';
import type { DriftReport } from '../../core/drift/reportTypes';
import { DRIFT_TESTS } from '../../core/drift/types';
import { toJsonText } from '../../core/quality/profileJson';
import { Store } from '../../core/store/store';
import { findWorkspaceRoot } from '../../core/workspace/findWorkspace';
import { UsageError, type Command, type CommandContext } from '../command';
import { table } from '../table';
import { csvReadFlags, tableReadOptionHelp, tableReadOptions } from '../tableReadOptions';
import { readWorkspaceConfig } from '../workspaceStore';
import { terminalProgress } from './profile';

const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((x) => String(x).split(',')).map((s) => s.trim()).filter(Boolean);

/** `COL=VALUE` pairs of a repeated option. */
function pairs(ctx: CommandContext, option: string): [string, string][] {
  return list(ctx.values[option]).map((text) => {
    const at = text.lastIndexOf('=');
    if (at <= 0 || at === text.length - 1) throw new UsageError(`--${option} ${text}: write COLUMN=${option === 'method' ? 'TEST' : 'VALUE'}.`, `e.g. --${option} ${option === 'method' ? 'age=psi' : 'age=0.2 or age=reference'}`);
    return [text.slice(0, at), text.slice(at + 1)];
  });
}

function perColumnOptions(ctx: CommandContext): Record<string, ColumnOptions> {
  const out: Record<string, ColumnOptions> = {};
  for (const [column, test] of pairs(ctx, 'method')) {
    if (!isTestName(test)) throw new UsageError(`--method ${column}=${test}: "${test}" is not a drift test.`, `Use one of ${DRIFT_TESTS.join(', ')}.`);
    (out[column] ??= {}).test = test;
  }
  for (const [column, value] of pairs(ctx, 'threshold')) {
    const x = Number(value);
    if (value !== 'reference' && !(value.trim() !== '' && Number.isFinite(x))) throw new UsageError(`--threshold ${column}=${value}: give a number (a p-value such as 0.01, or a distance such as 0.2) or "reference" to learn it from the reference's chunks.`);
    (out[column] ??= {}).threshold = value === 'reference' ? 'reference' : x;
  }
  return out;
}

const num = (x: number | null): string => {
  if (x === null) return '';
  if (!Number.isFinite(x)) return String(x);
  if (x === 0 || Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3 ? x.toExponential(3) : String(Number(x.toPrecision(4)));
};

/** The table and summary a terminal shows. */
export function renderDriftText(r: DriftReport): string {
  const rows = r.columns.map((c) => [
    c.name,
    c.type,
    c.method,
    num(c.statistic),
    num(c.pValue),
    `${testInfo(c.method).kind === 'pvalue' ? 'p < ' : '>= '}${num(c.threshold)}${c.thresholdSource === 'reference' ? ' (learned)' : ''}`,
    c.problem ? 'FAILED' : c.drift ? 'DRIFT' : 'ok',
  ]);
  const drifted = r.columns.filter((c) => c.drift).length;
  const compared = r.columns.filter((c) => !c.problem).length;
  const out = [
    `${r.current.label} (${r.current.rows} rows) against ${r.reference.label} (${r.reference.rows} rows)${r.correction !== 'none' ? `, p-values corrected (${r.correction === 'bh' ? 'Benjamini-Hochberg' : 'Bonferroni'})` : ''}`,
    '',
    table(['column', 'type', 'test', 'statistic', 'p-value', 'threshold', 'drift'], rows),
    '',
  ];
  for (const p of r.problems) out.push(`problem: ${p}`);
  out.push(
    `${r.datasetDrift ? 'Dataset drift' : 'No dataset drift'}: ${drifted} of ${compared} compared columns drifted (${(r.share * 100).toFixed(1)}%; dataset drift at ${(r.driftShare * 100).toFixed(0)}%)${r.problems.length ? `; ${r.problems.length} problem${r.problems.length > 1 ? 's' : ''}` : ''}.`,
  );
  if (r.multivariate) out.push(multivariateLine(r.multivariate));
  return out.join('\n');
}

export const driftCommand: Command = {
  name: 'drift',
  summary: 'which columns of a batch drifted from a reference: per-column tests, thresholds, dataset drift, HTML report',
  usage: 'mlops drift REF CUR [--columns a,b] [--ignore c] [--method COL=TEST]... [--threshold COL=X|reference]... [--correction bonferroni|bh] [--drift-share X] [--no-multivariate] [--json] [--html FILE] [--fail-on-drift]',
  examples: ['mlops drift train@3 incoming:batch-07.csv@1', 'mlops drift data/train.csv data/new.csv --method age=psi --threshold age=0.2 --html drift.html', 'mlops drift train@3 incoming@2 --threshold income=reference --fail-on-drift'],
  options: {
    columns: { type: 'string', multiple: true },
    ignore: { type: 'string', multiple: true },
    method: { type: 'string', multiple: true },
    threshold: { type: 'string', multiple: true },
    correction: { type: 'string' },
    'drift-share': { type: 'string' },
    'no-multivariate': { type: 'boolean' },
    html: { type: 'string' },
    'fail-on-drift': { type: 'boolean' },
    format: { type: 'string' },
    ...tableReadOptions,
  },
  optionHelp: {
    'REF, CUR': 'a dataset version (train@3, incoming:batch-07.csv@1, NAME for the latest) or a table file',
    '--columns a,b': 'compare only these columns (default: every column of the reference)',
    '--ignore c': 'leave these columns out',
    '--method COL=TEST': `the test of a column: ${DRIFT_TESTS.join(', ')} (default: chosen by size and distinct values)`,
    '--threshold COL=X': 'drift when p < X (p-value tests) or statistic >= X (distances); "reference" learns it from 10 chunks of the reference',
    '--correction C': 'bonferroni or bh (Benjamini-Hochberg) across the p-value tests (default: none)',
    '--drift-share X': 'dataset drift when this share of compared columns drifted (default 0.5)',
    '--no-multivariate': 'leave out multivariate drift (the PCA reconstruction error of whole rows against the reference band)',
    '--html FILE': 'also write a self-contained HTML report (opens offline)',
    '--fail-on-drift': 'exit 1 when the dataset drifted or a column could not be compared',
    '--format F': 'read both tables as csv, jsonl or parquet (default: from the extension)',
    ...tableReadOptionHelp,
  },
  async run(ctx) {
    if (ctx.args.length !== 2) throw new UsageError('Give a reference and a batch: mlops drift REF CUR.', `Usage: ${this.usage}`);
    const format = ctx.values.format as TableFormat | undefined;
    if (format !== undefined && !['csv', 'jsonl', 'parquet'].includes(format)) throw new UsageError(`--format ${format}: use csv, jsonl or parquet.`);
    const correction = (ctx.values.correction as string | undefined) ?? 'none';
    if (!['none', 'bonferroni', 'bh'].includes(correction)) throw new UsageError(`--correction ${correction}: use bonferroni or bh.`);
    const shareText = ctx.values['drift-share'] as string | undefined;
    const driftShare = shareText === undefined ? undefined : Number(shareText);
    if (driftShare !== undefined && !(driftShare > 0 && driftShare <= 1)) throw new UsageError(`--drift-share ${shareText}: give a share in (0, 1], e.g. 0.5.`);
    const perColumn = perColumnOptions(ctx);
    const html = ctx.values.html as string | undefined;

    // Outside a workspace (two plain files) the reference summary lives in a scratch store.
    const found = typeof ctx.values.workspace === 'string' ? ctx.workspace() : findWorkspaceRoot(ctx.cwd);
    const root = found ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-drift-'));
    const config = found ? readWorkspaceConfig(root).config : undefined;
    const store = Store.open(root);
    try {
      const source = (arg: string, what: string): DriftSource => {
        try {
          return resolveDriftSource(store, arg, ctx.cwd);
        } catch (err) {
          if (err instanceof DatasetError || err instanceof DriftInputError) throw new UsageError(`${what} ${arg}: ${err.message}`, 'Give a table file or a dataset version (NAME, NAME@3, NAME:ITEM@3).');
          throw err;
        }
      };
      const reference = source(ctx.args[0], 'REF');
      const current = source(ctx.args[1], 'CUR');
      const dataset = reference.kind === 'version' ? reference.version.dataset : undefined;
      const csv = datasetCsvOptions(dataset === undefined ? undefined : config?.datasets[dataset], csvReadFlags(ctx));
      const progress = ctx.json ? undefined : terminalProgress('checking drift');
      const report = await driftBetween(
        store,
        reference,
        current,
        { columns: list(ctx.values.columns), ignore: list(ctx.values.ignore), perColumn, correction: correction as 'none', ...(driftShare !== undefined ? { driftShare } : {}), ...(ctx.values['no-multivariate'] === true ? { multivariate: false } : {}), ...(format ? { format } : {}), csv },
        { onProgress: progress ? (f) => progress(f) : undefined },
      );
      if (html) {
        fs.writeFileSync(path.resolve(ctx.cwd, html), renderDriftHtml(report));
        if (!ctx.json) ctx.err(`wrote ${html}`);
      }
      ctx.out(ctx.json ? toJsonText(report, 2) : renderDriftText(report));
      return ctx.values['fail-on-drift'] === true && (report.datasetDrift || report.problems.length > 0) ? 1 : 0;
    } catch (err) {
      if (err instanceof TableReadError || err instanceof DriftInputError) throw new UsageError(err.message);
      if (err instanceof DriftAborted) throw new UsageError(err.message);
      throw err;
    } finally {
      store.close();
      if (!found) fs.rmSync(root, { recursive: true, force: true });
    }
  },
};
