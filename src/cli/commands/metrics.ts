import { metricHistory, metricKeys, metricSummaries } from '../../core/tracking/metricRecords';
import { UsageError, type Command } from '../command';
import { formatNumber } from '../../shared/format';
import { table } from '../table';
import { formatTime } from '../time';
import { openStore } from '../workspaceStore';
import { resolveRun } from './runs';

const jsonValue = (v: number) => (Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity');

export const metricsCommand: Command = {
  name: 'metrics',
  summary: "a run's metrics: every key's summary, or one key's full history",
  usage: 'mlops metrics RUN [KEY] [--json | --csv]',
  examples: ['mlops metrics brisk-otter-42', 'mlops metrics brisk-otter-42 val/auc --csv > auc.csv', 'mlops metrics 01m8et val/loss --json'],
  options: { csv: { type: 'boolean' } },
  optionHelp: { '--csv': 'KEY history as CSV: step,value,timestamp' },
  run(ctx) {
    if (ctx.args.length < 1 || ctx.args.length > 2) throw new UsageError('Name a run, and optionally a metric key.', `Usage: ${this.usage}`);
    if (ctx.json && ctx.values.csv) throw new UsageError('Choose one of --json and --csv.');
    const { store } = openStore(ctx);
    const id = resolveRun(store, ctx.args[0]);
    const key = ctx.args[1];
    if (key === undefined) {
      const summaries = metricSummaries(store, id);
      if (ctx.json) ctx.out(JSON.stringify(Object.fromEntries(Object.entries(summaries).map(([k, m]) => [k, { ...m, last: jsonValue(m.last), min: jsonValue(m.min), max: jsonValue(m.max) }])), null, 2));
      else if (ctx.values.csv) throw new UsageError('--csv needs a KEY.');
      else ctx.out(table(['KEY', 'LAST', 'MIN', 'MAX', 'STEP', 'COUNT'], Object.entries(summaries).map(([k, m]) => [k, formatNumber(m.last), formatNumber(m.min), formatNumber(m.max), String(m.step), String(m.count)])));
    } else {
      const keys = metricKeys(store, id);
      if (!keys.includes(key)) throw new UsageError(`Run ${id} has no metric "${key}".${keys.length ? ` Keys: ${keys.join(', ')}.` : ''}`);
      const points = metricHistory(store, id, key);
      if (ctx.json) ctx.out(JSON.stringify(points.map((p) => ({ step: p.step, value: jsonValue(p.value), timestamp: p.timestamp }))));
      else if (ctx.values.csv) ctx.out(['step,value,timestamp', ...points.map((p) => `${p.step},${formatCsv(p.value)},${p.timestamp}`)].join('\n'));
      else ctx.out(table(['STEP', 'VALUE', 'TIME'], points.map((p) => [String(p.step), formatNumber(p.value), formatTime(p.timestamp)])));
    }
    store.close();
    return 0;
  },
};

function formatCsv(v: number): string {
  return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}
