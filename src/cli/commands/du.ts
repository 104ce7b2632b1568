import { diskUsage, type DiskUsage } from '../../core/cost/diskUsage';
import { resolvePrices } from '../../core/cost/prices';
import type { Cost } from '../../core/cost/types';
import { formatCost } from '../../shared/costFormat';
import { formatSize } from '../../shared/format';
import { UsageError, type Command } from '../command';
import { table } from '../table';
import { openWorkspace } from '../workspaceStore';

const KIND_LABEL = { dataset: 'dataset', run: 'run', 'run-cache': 'pipelines', other: 'other' } as const;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const perMonth = (c: Cost | undefined) => (c ? `${formatCost(c)}/month` : '');

function print(out: (text: string) => void, du: DiskUsage): void {
  if (!du.onDisk.objects) {
    out('The object cache (.mlops/objects) is empty: no dataset version, artifact or pipeline out is stored yet.');
    return;
  }
  const priced = du.monthlyCost !== undefined;
  out(
    table(
      ['WHAT', 'NAME', 'SIZE', 'ONLY ITS OWN', 'OBJECTS', ...(priced ? ['COST'] : [])],
      du.entries.map((e) => [
        KIND_LABEL[e.kind],
        e.runId ? `${e.name} (${e.runId.slice(0, 12)})` : e.name,
        formatSize(e.bytes),
        formatSize(e.exclusiveBytes),
        String(e.objects),
        ...(priced ? [perMonth(e.monthlyCost)] : []),
      ]),
    ),
  );
  out('');
  out(`on disk       ${formatSize(du.onDisk.bytes)} in ${plural(du.onDisk.objects, 'object')}${priced ? `, ${perMonth(du.monthlyCost)}` : ''}`);
  out(`dedup saved   ${formatSize(du.dedupSavedBytes)} (content shared between versions, datasets and runs is stored once)`);
  out(`reclaimable   ${formatSize(du.reclaimable.bytes)} in ${plural(du.reclaimable.objects, 'object')} nothing refers to${du.reclaimable.objects ? ' (`mlops data gc` removes them)' : ''}`);
}

export const duCommand: Command = {
  name: 'du',
  summary: 'disk usage of the object cache by dataset, run and pipeline outs, with its monthly storage cost',
  usage: 'mlops du [--json]',
  examples: ['mlops du', 'mlops du --json'],
  run(ctx) {
    if (ctx.args.length) throw new UsageError(`mlops du takes no arguments (got "${ctx.args[0]}").`, 'Usage: mlops du [--json]');
    const { root, store, loaded } = openWorkspace(ctx);
    try {
      const du = diskUsage(store, root, resolvePrices(loaded.config));
      if (ctx.json) ctx.out(JSON.stringify(du, null, 2));
      else print(ctx.out, du);
    } finally {
      store.close();
    }
    return 0;
  },
};
