// The model card of a version: Markdown with the sections of Google's Model Card Toolkit (model
// details, model parameters, quantitative analysis, considerations) under YAML front matter in Hugging
// Face's model card metadata format (license, tags, datasets, metrics, model-index). Everything comes
// from the store and mlops.json: the registry, the version's lineage, validations, drift checks and
// alias history. Nothing depends on the clock or the machine, so the same store gives the same card.
import type { MlopsConfig } from '../config/types';
import { lineageOf } from '../lineage/lineage';
import type { LineageGraph, LineageNode } from '../lineage/types';
import type { Store } from '../store/store';
import { aliasHistory } from './aliases';
import { listGateResults } from './gateRecords';
import { toYaml, type YamlValue } from './modelCardYaml';
import { formatTime } from '../../shared/utcTime';
import { formatModelRef } from './modelRef';
import { resolveModelRef } from './modelVersions';
import type { AliasEvent, GateResult, ModelVersion } from './types';

/** Tags the card reads as fields rather than listing: the license, and the task for model-index. */
const FIELD_TAGS = new Set(['license', 'task']);

/** The card of `ref` (churn@2, churn@champion); a RegistryError when it names no version. */
export function modelCardMarkdown(store: Store, config: MlopsConfig, ref: string): string {
  const v = resolveModelRef(store, ref);
  const versionRef = formatModelRef(v.model, v.version);
  const graph = lineageOf(store, config, `model:${versionRef}`, { direction: 'up' });
  const facts = cardFacts(store, config, v, graph);
  return ['---', toYaml(frontMatter(facts)).trimEnd(), '---', '', body(facts), ''].join('\n');
}

interface CardFacts {
  v: ModelVersion;
  ref: string;
  model: MlopsConfig['models'][string] | undefined;
  run: LineageNode | undefined;
  params: LineageNode | undefined;
  code: LineageNode | undefined;
  environment: LineageNode | undefined;
  data: LineageNode[];
  monitors: Array<{ monitor: LineageNode; data: LineageNode }>;
  /** The dataset version model-index names: declared evaluation data the run read, else the first it read. */
  evaluation: LineageNode | undefined;
  gates: GateResult[];
  history: AliasEvent[];
}

function cardFacts(store: Store, config: MlopsConfig, v: ModelVersion, graph: LineageGraph): CardFacts {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const kind = (k: LineageNode['kind']) => graph.nodes.find((n) => n.kind === k);
  const data = graph.nodes.filter((n) => n.kind === 'dataset-version');
  const monitors = graph.edges
    .filter((e) => e.relation === 'monitored-by')
    .map((e) => ({ monitor: byId.get(e.to)!, data: byId.get(e.from)! }))
    .sort((a, b) => a.monitor.id.localeCompare(b.monitor.id) || a.data.id.localeCompare(b.data.id));
  const model = Object.prototype.hasOwnProperty.call(config.models, v.model) ? config.models[v.model] : undefined;
  const evaluationNames = model?.evaluationData ?? [];
  const evaluation = data.find((d) => evaluationNames.includes(d.details.dataset as string)) ?? data[0];
  const ref = formatModelRef(v.model, v.version);
  // Gate results about this version: evaluated as churn@2, or as its source run before it was registered.
  const gates = listGateResults(store, v.model, 1000)
    .filter((g) => g.candidate === ref || (v.runId !== null && g.candidateRunId === v.runId))
    .sort((a, b) => a.at - b.at || (a.id ?? 0) - (b.id ?? 0));
  const history = aliasHistory(store, v.model).reverse();
  return { v, ref, model, run: kind('run'), params: kind('params'), code: kind('code'), environment: kind('environment'), data, monitors, evaluation, gates, history };
}

function frontMatter(f: CardFacts): { [key: string]: YamlValue | undefined } {
  const { v } = f;
  const metrics = Object.entries(v.metrics).filter((e): e is [string, number] => e[1] !== null);
  const tags = Object.entries(v.tags)
    .filter(([k]) => !FIELD_TAGS.has(k))
    .map(([k, val]) => `${k}:${val}`);
  const datasets = [...new Set(f.data.map((d) => d.details.dataset as string))];
  const e = f.evaluation;
  return {
    license: v.tags.license,
    tags: ['mlops-workbench', ...tags],
    datasets: datasets.length ? datasets : undefined,
    metrics: metrics.length ? metrics.map(([k]) => k) : undefined,
    // model-index needs a task and a dataset: a version whose run read no dataset version has none.
    'model-index':
      metrics.length && e
        ? [
            {
              name: f.ref,
              results: [
                {
                  task: { type: v.tags.task ?? 'other' },
                  dataset: { type: e.details.dataset as string, name: e.ref ?? e.label, revision: e.details.hash as string },
                  metrics: metrics.map(([k, value]) => ({ type: k, value, name: k })),
                },
              ],
            },
          ]
        : undefined,
    // This workbench's own facts, under its own key (the Hub ignores keys it does not know).
    mlops: {
      model: v.model,
      version: v.version,
      description: v.description || f.model?.description || '',
      aliases: v.aliases,
      run: (f.run?.details.id as string | null | undefined) ?? null,
      artifact: { path: v.artifact.path, kind: v.artifact.kind, sha256: v.artifact.hash, size: v.artifact.size },
      registeredBy: v.registeredBy,
      registeredAt: iso(v.createdAt),
    },
  };
}

function body(f: CardFacts): string {
  return [`# Model card: ${f.ref}`, details(f), parameters(f), quantitative(f), considerations(f), monitoring(f), aliases(f)].join('\n\n');
}

function details(f: CardFacts): string {
  const { v } = f;
  const lines = ['## Model details', ''];
  const description = v.description || f.model?.description;
  if (description) lines.push(description, '');
  if (v.description && f.model?.description && f.model.description !== v.description) lines.push(`The model: ${f.model.description}`, '');
  lines.push(
    `- **Name:** ${v.model}`,
    `- **Version:** ${v.version}, registered ${formatTime(v.createdAt)}${v.aliases.length ? ` (aliases: ${v.aliases.join(', ')})` : ''}`,
    `- **Owners:** ${v.registeredBy || 'not recorded'} (registered it)`,
    `- **License:** ${v.tags.license ?? 'not stated (tag the version: mlops model tag ' + f.ref + ' license=ID)'}`,
    `- **Artifact:** ${v.artifact.kind} \`${v.artifact.path}\`, ${v.artifact.size} bytes, sha256 \`${v.artifact.hash}\``,
  );
  const references = [runReference(f), f.code ? codeReference(f.code) : undefined].filter((x): x is string => !!x);
  lines.push(`- **References:** ${references.join('; ')}`);
  if (f.environment) lines.push(`- **Environment:** ${envText(f.environment)}`);
  const tags = Object.entries(v.tags).filter(([k]) => !FIELD_TAGS.has(k));
  if (tags.length) lines.push(`- **Tags:** ${tags.map(([k, val]) => `\`${k}=${val}\``).join(', ')}`);
  return lines.join('\n');
}

function runReference(f: CardFacts): string {
  const run = f.run;
  if (!run) return 'no source run recorded';
  const id = run.details.id as string | null;
  if (run.details.deleted) return id ? `run ${id} (deleted since)` : 'the source run (deleted since)';
  return `run ${run.details.name as string} \`${run.details.id as string}\` (${run.details.status as string}); \`mlops lineage ${f.ref}\` traces it`;
}

function codeReference(code: LineageNode): string {
  const d = code.details;
  const commit = d.commit ? `commit \`${d.commit as string}\`` : 'no commit';
  const branch = d.branch ? ` on ${d.branch as string}` : '';
  const dirty = d.dirty ? `, with uncommitted changes (diff in object \`${d.diffObject as string}\`)` : '';
  return `code ${commit}${branch}${dirty}`;
}

function envText(env: LineageNode): string {
  return Object.entries(env.details)
    .map(([k, val]) => `${k} ${String(val as string)}`)
    .join(', ');
}

function parameters(f: CardFacts): string {
  const lines = ['## Model parameters', '', '### Data', ''];
  if (!f.data.length) lines.push('The source run read no versioned dataset.');
  else {
    lines.push('The dataset versions the source run read:', '', '| Dataset version | Item | Size (bytes) | SHA-256 | Validation | Profile |', '|---|---|---|---|---|---|');
    for (const d of f.data) {
      const val = d.details.validation as { success: boolean; at: number; failedExpectations: number } | null;
      const validation = !val ? 'not validated' : val.success ? `passed (${formatTime(val.at)})` : `failed: ${val.failedExpectations} expectation${val.failedExpectations === 1 ? '' : 's'} (${formatTime(val.at)})`;
      lines.push(row([d.ref ?? d.label, d.details.item as string, String(d.details.size), `\`${d.details.hash as string}\``, validation, d.details.profiled ? 'profiled' : 'not profiled']));
    }
  }
  lines.push('', '### Input format', '');
  const sig = f.v.signature;
  if (!sig) lines.push('Not recorded: the training data had no profile when the version was registered.');
  else {
    lines.push(`Columns of \`${sig.source.dataset}:${sig.source.item}@${sig.source.version}\`, from its profile:`, '', '| Column | Type | Nullable |', '|---|---|---|');
    for (const c of sig.inputs) lines.push(row([c.name, c.type, c.nullable ? 'yes' : 'no']));
  }
  lines.push('', '### Output format', '', 'Not recorded: the registry keeps the input columns only.');
  if (f.params) {
    lines.push('', '### Training parameters', '', '| Parameter | Value |', '|---|---|');
    for (const [k, val] of Object.entries(f.params.details)) lines.push(row([k, typeof val === 'string' ? val : JSON.stringify(val)]));
  }
  return lines.join('\n');
}

function quantitative(f: CardFacts): string {
  const lines = ['## Quantitative analysis', '', '### Performance metrics', ''];
  const metrics = Object.entries(f.v.metrics);
  const ranking = f.model?.metric;
  if (!metrics.length) lines.push('The source run logged no metrics.');
  else {
    lines.push('The source run\'s last value of each metric, copied when the version was registered:', '', '| Metric | Value |', '|---|---|');
    for (const [k, val] of metrics) lines.push(row([k === ranking ? `${k} (ranks versions, ${f.model?.direction ?? 'maximize'})` : k, val === null ? 'NaN' : String(val)]));
  }
  if (f.evaluation && metrics.length) {
    lines.push('', `model-index names \`${f.evaluation.ref ?? f.evaluation.label}\` as the evaluation data (${f.model?.evaluationData?.includes(f.evaluation.details.dataset as string) ? 'declared in models.' + f.v.model + '.evaluationData' : 'the first dataset version the run read'}).`);
  }
  lines.push('', '### Gate results', '');
  if (!f.gates.length) lines.push('No gate was evaluated for this version.');
  else {
    lines.push('| When | Against | Result | Metrics |', '|---|---|---|---|');
    for (const g of f.gates) {
      const against = g.against.version === null ? `${g.against.alias} (not set)` : `${g.against.alias} = ${formatModelRef(g.model, g.against.version)}`;
      const metricsText = g.metrics.map((m) => `${m.metric} ${m.candidate === null ? 'NaN' : m.candidate}${m.baseline === null ? '' : ` vs ${m.baseline}`} ${m.passed ? 'passed' : 'failed'}`).join('; ');
      lines.push(row([formatTime(g.at), against, `${g.passed ? 'passed' : 'failed'}${g.allowedDifferentData ? ' (different evaluation data allowed)' : ''}`, metricsText]));
    }
  }
  return lines.join('\n');
}

const considerationFields = [
  ['users', 'Users'],
  ['useCases', 'Use cases'],
  ['limitations', 'Limitations'],
  ['tradeoffs', 'Tradeoffs'],
  ['ethicalConsiderations', 'Ethical considerations'],
] as const;

function considerations(f: CardFacts): string {
  const c = f.model?.considerations ?? {};
  const lines = ['## Considerations', ''];
  for (const [key, title] of considerationFields) {
    const text = c[key];
    lines.push(`### ${title}`, '', text ? text : `Not stated (mlops.json: models.${f.v.model}.considerations.${key}).`, '');
  }
  return lines.join('\n').trimEnd();
}

function monitoring(f: CardFacts): string {
  const lines = ['## Monitoring', ''];
  if (!f.monitors.length) {
    lines.push('No monitor in mlops.json compares against the data this version was trained on.');
    return lines.join('\n');
  }
  lines.push('Drift monitors over the data this version was trained on, and their latest check:', '', '| Monitor | Data | Reference | Last check | Outcome | Drifted share |', '|---|---|---|---|---|---|');
  for (const { monitor, data } of f.monitors) {
    const d = monitor.details;
    const c = d.latestCheck as { outcome: string; at: number; driftShare: number | null; batch: string } | null;
    lines.push(
      row([
        d.name as string,
        data.ref ?? data.label,
        (d.referenceVersion as string | null) ?? `${d.reference as string} (not pinned yet)`,
        c ? `${formatTime(c.at)}, batch ${c.batch}` : 'not checked yet',
        c ? c.outcome : '',
        c && c.driftShare !== null ? String(c.driftShare) : '',
      ]),
    );
  }
  return lines.join('\n');
}

function aliases(f: CardFacts): string {
  const lines = [`## Alias history of ${f.v.model}`, ''];
  if (!f.history.length) {
    lines.push('No alias of this model has moved.');
    return lines.join('\n');
  }
  lines.push('Oldest first:', '', '| When | Alias | Move | Who | Reason | Gate |', '|---|---|---|---|---|---|');
  for (const e of f.history) {
    const move = `${e.oldVersion ?? '(none)'} -> ${e.newVersion ?? '(removed)'}`;
    const gate = e.gate ? (e.gate.passed ? 'passed' : 'failed') : 'none';
    lines.push(row([formatTime(e.at), e.alias, move, e.actor, e.reason, e.forced ? `${gate}, forced` : gate]));
  }
  return lines.join('\n');
}

/** A table row: pipes escaped and line breaks made <br>, so any text stays in its cell. */
function row(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n|\r/g, '<br>')).join(' | ')} |`;
}

const iso = (ms: number) => new Date(ms).toISOString();
