// `mlops model show NAME@REF`: one version in full.
import { resolveModelRef } from '../../core/registry/modelVersions';
import type { ModelVersion } from '../../core/registry/types';
import { table } from '../table';
import { formatTime } from '../time';
import { openStore } from '../workspaceStore';
import { positionals, versionJson, type ModelVerb } from './modelVerb';

function describe(v: ModelVersion): string[] {
  const lines = [
    `${v.model}@${v.version}${v.aliases.length ? `  (${v.aliases.join(', ')})` : ''}`,
    `  registered  ${formatTime(v.createdAt)} by ${v.registeredBy}`,
    `  run         ${v.runId ?? '(deleted; its metrics were copied here)'}`,
    `  artifact    ${v.artifact.kind} ${v.artifact.path}, ${v.artifact.size} bytes, sha256 ${v.artifact.hash}`,
  ];
  if (v.description) lines.push(`  description ${v.description}`);
  const tags = Object.entries(v.tags);
  if (tags.length) lines.push(`  tags        ${tags.map(([k, val]) => `${k}=${val}`).join(', ')}`);
  const metrics = Object.entries(v.metrics);
  lines.push('', metrics.length ? table(['METRIC', 'VALUE'], metrics.map(([k, x]) => [k, x === null ? 'NaN' : String(x)])) : 'No metrics (the run logged none).');
  if (v.signature) {
    const s = v.signature.source;
    lines.push('', `Signature (from ${s.dataset}@${s.version}, ${s.item}):`, table(['INPUT', 'TYPE', 'NULLABLE'], v.signature.inputs.map((i) => [i.name, i.type, i.nullable ? 'yes' : 'no'])));
  } else lines.push('', 'No signature: the run read no dataset version with a stored profile.');
  return lines;
}

export const modelShowVerb: ModelVerb = {
  name: 'show',
  usage: 'show NAME[@VERSION|@ALIAS] [--json]',
  examples: ['mlops model show churn@champion', 'mlops model show churn@3 --json'],
  run(ctx) {
    const [ref] = positionals(ctx, modelShowVerb, ['NAME@REF']);
    const { store } = openStore(ctx);
    try {
      const v = resolveModelRef(store, ref);
      ctx.out(ctx.json ? JSON.stringify(versionJson(v), null, 2) : describe(v).join('\n'));
      return 0;
    } finally {
      store.close();
    }
  },
};
