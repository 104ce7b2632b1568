// `mlops model list` and `mlops model versions NAME`: what the registry holds.
import { listModels, listVersions } from '../../core/registry/modelVersions';
import { table } from '../table';
import { formatTime } from '../time';
import { openStore } from '../workspaceStore';
import { positionals, versionJson, type ModelVerb } from './modelVerb';

export const modelListVerb: ModelVerb = {
  name: 'list',
  usage: 'list [--json]',
  examples: ['mlops model list'],
  run(ctx) {
    positionals(ctx, modelListVerb, []);
    const { store } = openStore(ctx);
    try {
      const models = listModels(store);
      if (ctx.json) ctx.out(JSON.stringify(models, null, 2));
      else if (!models.length) ctx.err('No models registered yet: `mlops model register NAME --run RUN` adds a version.');
      else {
        const aliases = (a: Record<string, number>) => Object.entries(a).map(([k, v]) => `${k}=${v}`).join(', ');
        ctx.out(table(['MODEL', 'VERSIONS', 'LATEST', 'ALIASES', 'DESCRIPTION'], models.map((m) => [m.name, String(m.versions), m.latestVersion ? String(m.latestVersion) : '-', aliases(m.aliases), m.description])));
      }
      return 0;
    } finally {
      store.close();
    }
  },
};

export const modelVersionsVerb: ModelVerb = {
  name: 'versions',
  usage: 'versions NAME [--json]',
  examples: ['mlops model versions churn --json'],
  run(ctx) {
    const [name] = positionals(ctx, modelVersionsVerb, ['NAME']);
    const { store } = openStore(ctx);
    try {
      const versions = listVersions(store, name);
      if (ctx.json) ctx.out(JSON.stringify(versions.map(versionJson), null, 2));
      else if (!versions.length) ctx.err(`Model ${name} has no versions.`);
      else {
        const metricNames = [...new Set(versions.flatMap((v) => Object.keys(v.metrics)))].sort().slice(0, 4);
        const metric = (x: number | null | undefined) => (x === undefined ? '' : x === null ? 'NaN' : String(x));
        ctx.out(
          table(
            ['VERSION', 'ALIASES', 'RUN', ...metricNames.map((m) => m.toUpperCase()), 'REGISTERED', 'BY'],
            versions.map((v) => [String(v.version), v.aliases.join(', '), v.runId ?? '(deleted)', ...metricNames.map((m) => metric(v.metrics[m])), formatTime(v.createdAt), v.registeredBy]),
          ),
        );
      }
      return 0;
    } finally {
      store.close();
    }
  },
};
