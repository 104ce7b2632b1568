// Pipelines in the editor, on the example workspace with a 3-stage pipeline added to its mlops.json
// (shell commands over small text files): Run Pipeline brings every stage up to date in the
// Pipelines view; writing a dependency turns its stage and what depends on it stale at once, with
// the reason in the tooltip; running again brings them back; Show DAG draws the graph; CodeLens; a
// monitor's Retrain naming a pipeline runs it through the same runner (view, refusal of a second run).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { latestVersion } from '../../src/core/data/datasetVersions';
import { listChecks } from '../../src/core/monitors/checkRecords';
import { getPipelineRun, stageRuns } from '../../src/core/pipelines/pipelineRuns';
import type { ReproResult } from '../../src/core/pipelines/types';
import { Store } from '../../src/core/store/store';
import { getInputs, getTags } from '../../src/core/tracking/runRecords';
import type { DagShown } from '../../src/extension/pipelines/dagPanel';
import type { TreeRow } from '../../src/extension/views/treeProvider';
import { activateExtension, waitFor, workspaceUri, type WorkbenchApi } from './support';

suite('pipelines', () => {
  let api: WorkbenchApi;
  const root = () => workspaceUri().fsPath;
  const example = path.resolve(__dirname, '../../../examples/demo-workspace/mlops.json');
  const dir = () => path.join(root(), 'pl-test');
  const stageRow = (rows: TreeRow[], stage: string) => rows.find((r) => r.id === `stage:tri/${stage}`);
  /** n CSV rows of a numeric column over 0..96 (+shift) and a category: shifted by 60 they drift. */
  const csv = (n: number, shift = 0) => ['level,zone', ...Array.from({ length: n }, (_, i) => `${((i * 7919) % 97) + shift},${['a', 'b', 'c'][i % 3]}`)].join('\n') + '\n';

  /** Waits on the Pipelines view's redraws (not a timer) until `ok` holds for its rows. */
  async function rowsWhen(what: string, ok: (rows: TreeRow[]) => boolean, timeoutMs = 30_000): Promise<TreeRow[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const redraw = api.nextPipelinesRedraw();
      const rows = api.pipelineRows();
      if (ok(rows)) return rows;
      const left = deadline - Date.now();
      if (left <= 0) assert.fail(`timed out waiting for ${what}; rows: ${JSON.stringify(rows.map((r) => [r.id, r.description, r.tooltip]))}`);
      await Promise.race([redraw, new Promise((r) => setTimeout(r, Math.min(left, 2000)))]);
    }
  }

  suiteSetup(async () => {
    api = await activateExtension();
    fs.rmSync(dir(), { recursive: true, force: true });
    fs.mkdirSync(dir(), { recursive: true });
    fs.writeFileSync(path.join(dir(), 'raw.txt'), 'alpha\nbeta\n');
    const config = JSON.parse(fs.readFileSync(example, 'utf8')) as Record<string, unknown>;
    config.pipelines = {
      tri: {
        description: 'three stages over text files',
        stages: {
          prepare: { command: 'tr a-z A-Z < pl-test/raw.txt > pl-test/prep.txt', deps: ['pl-test/raw.txt'], outs: ['pl-test/prep.txt'] },
          train: { command: 'wc -l < pl-test/prep.txt > pl-test/model.txt && echo "lr ${params.lr}" >> pl-test/model.txt', deps: ['pl-test/prep.txt'], params: { lr: 0.1 }, outs: ['pl-test/model.txt'] },
          evaluate: { command: 'cat pl-test/model.txt > pl-test/score.txt', deps: ['pl-test/model.txt'], outs: ['pl-test/score.txt'] },
        },
      },
      broken: {
        stages: {
          first: { command: 'echo fine > pl-test/first.txt', deps: ['pl-test/raw.txt'], outs: ['pl-test/first.txt'] },
          second: { command: 'echo boom >&2; exit 3', deps: ['pl-test/first.txt'], outs: ['pl-test/second.txt'] },
        },
      },
      slow: {
        stages: {
          wait: { command: 'sleep 60 && echo done > pl-test/waited.txt', deps: ['pl-test/raw.txt'], outs: ['pl-test/waited.txt'] },
        },
      },
      // Retrained by monitor rtmon: reads the batches, and waits until the test writes pl-test/rt-go.
      refit: {
        stages: {
          fit: {
            command: 'while [ ! -f pl-test/rt-go ]; do sleep 0.05; done; echo "check $MLOPS_DRIFT_CHECK_ID on $MLOPS_BATCH" > pl-test/rt-model.txt',
            deps: ['pl-test/rtbatches'],
            outs: ['pl-test/rt-model.txt'],
          },
        },
      },
    };
    config.datasets = { ...(config.datasets as object), rtref: 'pl-test/rtref.csv', rtbatches: 'pl-test/rtbatches/*.csv' };
    config.monitors = { ...(config.monitors as object), rtmon: { reference: 'rtref', current: 'rtbatches', driftShare: 0.5, actions: [{ retrain: 'refit' }] } };
    fs.writeFileSync(path.join(dir(), 'rtref.csv'), csv(300));
    fs.mkdirSync(path.join(dir(), 'rtbatches'));
    fs.writeFileSync(path.join(root(), 'mlops.json'), JSON.stringify(config, null, 2));
    await waitFor('the pipeline in mlops.json to be loaded', () => api.configProblems().length === 0 && stageRow(api.pipelineRows(), 'evaluate'));
  });

  suiteTeardown(() => {
    fs.writeFileSync(path.join(root(), 'mlops.json'), fs.readFileSync(example));
    fs.rmSync(dir(), { recursive: true, force: true });
  });

  test('the Pipelines view lists the stages in graph order, never run', async () => {
    const rows = await rowsWhen('three stale stages', (rs) => ['prepare', 'train', 'evaluate'].every((s) => stageRow(rs, s)?.description.startsWith('stale')));
    const ids = rows.map((r) => r.id).filter((id) => id.startsWith('stage:tri/') || id === 'pipeline:tri');
    assert.deepEqual(ids, ['pipeline:tri', 'stage:tri/prepare', 'stage:tri/train', 'stage:tri/evaluate']);
    assert.match(stageRow(rows, 'prepare')!.tooltip, /never run/);
  });

  test('Run Pipeline runs every stage and the view shows them up to date', async () => {
    const result = await vscode.commands.executeCommand<ReproResult>('mlops.runPipeline', 'tri');
    assert.ok(result, 'Run Pipeline returned no result (refused or failed: see the Output channel)');
    assert.equal(result.status, 'finished', JSON.stringify(result.stages));
    assert.deepEqual(result.stages.map((s) => [s.stage, s.outcome]), [['prepare', 'ran'], ['train', 'ran'], ['evaluate', 'ran']]);
    assert.equal(fs.readFileSync(path.join(dir(), 'score.txt'), 'utf8'), '2\nlr 0.1\n');
    const rows = await rowsWhen('every stage up to date', (rs) => ['prepare', 'train', 'evaluate'].every((s) => stageRow(rs, s)?.description.startsWith('up to date')));
    assert.match(stageRow(rows, 'train')!.contextValue, /\bhasRun\b/);
    assert.ok(vscode.window.terminals.some((t) => t.name === 'MLOps: pipeline tri'), vscode.window.terminals.map((t) => t.name).join(', '));
    // The Runs view groups the three stage runs under their pipeline run, in the order they ran.
    const group = `pipelineRun:${result.pipelineRunId}`;
    const runRows = await waitFor('the pipeline run in the Runs view', () => {
      const rs = api.runRows();
      const at = rs.findIndex((r) => r.id === group);
      // Each stage run is followed by its outs, stored as artifacts.
      const stageRuns = rs.slice(at + 1).filter((r) => /^tri\//.test(r.label));
      return at >= 0 && stageRuns.length >= 3 ? [rs[at], ...stageRuns.slice(0, 3)] : undefined;
    });
    assert.deepEqual(runRows.map((r) => r.label).slice(1), ['tri/prepare', 'tri/train', 'tri/evaluate']);
    assert.match(runRows[0].description, /^3 stage runs · finished/);
    assert.equal(runRows[0].contextValue, 'pipelineRun');
  });

  test('writing a dependency turns its stage and everything downstream stale, with the reason', async () => {
    fs.writeFileSync(path.join(dir(), 'raw.txt'), 'alpha\nbeta\ngamma\n');
    // A status computed while the file was still being written may read stale with no reason yet: wait for the one computed after.
    const rows = await rowsWhen(
      'prepare, train and evaluate stale, prepare saying why',
      (rs) => ['prepare', 'train', 'evaluate'].every((s) => stageRow(rs, s)?.description.startsWith('stale')) && (stageRow(rs, 'prepare')?.tooltip.includes('modified') ?? false),
    );
    assert.match(stageRow(rows, 'prepare')!.tooltip, /pl-test\/raw\.txt modified/);
    assert.match(stageRow(rows, 'train')!.tooltip, /upstream stage prepare will run/);
    assert.match(rows.find((r) => r.id === 'pipeline:tri')!.description, /3 stale/);
  });

  test('Run Pipeline again brings them up to date, and Show DAG draws the graph', async () => {
    const result = await vscode.commands.executeCommand<ReproResult>('mlops.runPipeline', 'tri');
    assert.equal(result?.status, 'finished', JSON.stringify(result?.stages));
    assert.equal(fs.readFileSync(path.join(dir(), 'score.txt'), 'utf8'), '3\nlr 0.1\n');
    await rowsWhen('every stage up to date again', (rs) => ['prepare', 'train', 'evaluate'].every((s) => stageRow(rs, s)?.description.startsWith('up to date')));

    const shown = await vscode.commands.executeCommand<DagShown>('mlops.showPipelineDag', 'tri');
    assert.ok(shown?.data, shown?.error ?? 'no DAG shown');
    assert.deepEqual(shown.data.nodes.map((n) => [n.id, n.state]), [['prepare', 'up-to-date'], ['train', 'up-to-date'], ['evaluate', 'up-to-date']]);
    assert.deepEqual(shown.data.edges.map((e) => [e.from, e.to, e.label]), [['prepare', 'train', 'pl-test/prep.txt'], ['train', 'evaluate', 'pl-test/model.txt']]);
    // Left to right in dependency order.
    const x = new Map(shown.data.nodes.map((n) => [n.id, n.x]));
    assert.ok(x.get('prepare')! < x.get('train')! && x.get('train')! < x.get('evaluate')!);
  });

  test('CodeLens over the pipeline offers Run Pipeline and Show DAG and says it is up to date', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root(), 'mlops.json')));
    const titles = await waitFor('the pipeline CodeLens', async () => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 20)) ?? [];
      const t = lenses.map((l) => l.command?.title ?? '');
      return t.includes('Show DAG') && t.includes('up to date') ? t : undefined;
    });
    assert.ok(titles.includes('$(play) Run Pipeline'), titles.join(' | '));
  });

  test('a failing stage shows failed in the view, with why, and the pipeline says so', async () => {
    const result = await vscode.commands.executeCommand<ReproResult>('mlops.runPipeline', 'broken');
    assert.equal(result?.status, 'failed', JSON.stringify(result?.stages));
    assert.deepEqual(result.stages.map((s) => [s.stage, s.outcome]), [['first', 'ran'], ['second', 'failed']]);
    const reads = (rs: TreeRow[], id: string, words: string) => rs.find((r) => r.id === id)?.description.startsWith(words) ?? false;
    const rows = await rowsWhen('first up to date, second failed', (rs) => reads(rs, 'stage:broken/first', 'up to date') && reads(rs, 'stage:broken/second', 'failed'));
    const second = rows.find((r) => r.id === 'stage:broken/second')!;
    assert.equal(second.icon, 'error');
    assert.ok(second.tooltip.split('\n').length > 1, second.tooltip);
    assert.match(rows.find((r) => r.id === 'pipeline:broken')!.description, /1 failed/);
    assert.doesNotMatch(rows.find((r) => r.id === 'pipeline:broken')!.description, /up to date/, 'a pipeline with a failed stage is not up to date');
  });

  test('a running stage reads running, and Cancel Pipeline Run stops it', async () => {
    const running = vscode.commands.executeCommand<ReproResult>('mlops.runPipeline', 'slow');
    await rowsWhen('wait running', (rs) => rs.find((r) => r.id === 'stage:slow/wait')?.description.startsWith('running') ?? false);
    assert.match(api.pipelineRows().find((r) => r.id === 'pipeline:slow')!.contextValue, /^pipeline running$/);
    assert.doesNotMatch(api.pipelineRows().find((r) => r.id === 'pipeline:slow')!.description, /up to date/, 'a pipeline with a running stage is not up to date');
    await vscode.commands.executeCommand('mlops.cancelPipeline', 'slow');
    const result = await running;
    assert.equal(result?.status, 'killed', JSON.stringify(result?.stages));
    assert.equal(fs.existsSync(path.join(dir(), 'waited.txt')), false);
    await rowsWhen('wait no longer running', (rs) => !(rs.find((r) => r.id === 'stage:slow/wait')?.description.startsWith('running') ?? true));
  });

  test("a monitor's Retrain naming a pipeline runs it as Run Pipeline does: the view follows it, a second run is refused, the stage runs carry the check", async () => {
    const store = Store.open(root());
    const fitRow = (rs: TreeRow[]) => rs.find((r) => r.id === 'stage:refit/fit');
    /** Version Now until `item` has a version (the dataset watcher may version it first). */
    const versionNow = (dataset: string, item: string) =>
      waitFor(`a version of ${item}`, async () => {
        await vscode.commands.executeCommand('mlops.versionNow', dataset);
        return latestVersion(store, dataset, item);
      });
    try {
      await versionNow('rtref', 'pl-test/rtref.csv');
      fs.writeFileSync(path.join(dir(), 'rtbatches', 'b1.csv'), csv(150, 60));
      const batch = await versionNow('rtbatches', 'pl-test/rtbatches/b1.csv');
      const check = await waitFor('the check of the drifted batch', () => listChecks(store, 'rtmon')[0]);
      assert.equal(check.outcome, 'drift');

      const pipelineRunId = await vscode.commands.executeCommand<string | undefined>('mlops.retrainFromCheck', check.id);
      assert.ok(pipelineRunId, 'Retrain started no pipeline run (see the Output channel)');
      const rows = await rowsWhen('fit running', (rs) => fitRow(rs)?.description.startsWith('running') ?? false);
      assert.match(rows.find((r) => r.id === 'pipeline:refit')!.contextValue, /^pipeline running$/);
      assert.ok(vscode.window.terminals.some((t) => t.name === 'MLOps: pipeline refit'), vscode.window.terminals.map((t) => t.name).join(', '));
      // The runner's one repro per pipeline holds for a retrain too.
      assert.equal(await vscode.commands.executeCommand('mlops.runPipeline', 'refit'), undefined, 'a second Run Pipeline was not refused');

      fs.writeFileSync(path.join(dir(), 'rt-go'), '');
      await rowsWhen('fit up to date, refit no longer running', (rs) => (fitRow(rs)?.description.startsWith('up to date') ?? false) && rs.find((r) => r.id === 'pipeline:refit')?.contextValue === 'pipeline');
      assert.equal(fs.readFileSync(path.join(dir(), 'rt-model.txt'), 'utf8'), `check ${check.id} on pl-test/rtbatches/b1.csv\n`);
      const pipelineRun = await waitFor('the pipeline run to be finished', () => {
        const r = getPipelineRun(store, pipelineRunId);
        return r?.status === 'finished' ? r : undefined;
      });
      assert.equal(pipelineRun.pipeline, 'refit');
      const [fit] = stageRuns(store, pipelineRunId);
      assert.equal(fit?.stage, 'fit', JSON.stringify(stageRuns(store, pipelineRunId)));
      assert.ok(fit.runId, 'fit ran: it has a run');
      const tags = getTags(store, fit.runId);
      assert.deepEqual([tags['mlops.drift_check'], tags['mlops.monitor']], [String(check.id), 'rtmon']);
      const pinned = getInputs(store, fit.runId).find((i) => i.path === 'pl-test/rtbatches/b1.csv');
      assert.deepEqual([pinned?.dataset?.name, pinned?.dataset?.version], ['rtbatches', batch.version], JSON.stringify(getInputs(store, fit.runId)));
    } finally {
      store.close();
    }
  });

  test('Run Stage with a stage that does not exist fails with the stages named', async () => {
    const result = await vscode.commands.executeCommand('mlops.runStage', 'tri', 'nope');
    assert.equal(result, undefined);
  });

  test('a pipeline whose graph cannot be built: each stage says why it could not be checked', async () => {
    const file = path.join(root(), 'mlops.json');
    const saved = fs.readFileSync(file);
    const config = JSON.parse(saved.toString('utf8')) as { pipelines: Record<string, unknown> };
    // Each stage reads the other's out: a cycle.
    config.pipelines.loop = {
      stages: {
        one: { command: 'cp pl-test/b.txt pl-test/a.txt', deps: ['pl-test/b.txt'], outs: ['pl-test/a.txt'] },
        two: { command: 'cp pl-test/a.txt pl-test/b.txt', deps: ['pl-test/a.txt'], outs: ['pl-test/b.txt'] },
      },
    };
    fs.writeFileSync(file, JSON.stringify(config, null, 2));
    try {
      const rows = await rowsWhen('the loop stages, unchecked', (rs) => ['one', 'two'].every((st) => rs.find((r) => r.id === `stage:loop/${st}`)?.tooltip?.includes('could not be checked')));
      const pipelineRow = rows.find((r) => r.id === 'pipeline:loop');
      const stageTip = rows.find((r) => r.id === 'stage:loop/one')!.tooltip;
      assert.ok(pipelineRow?.tooltip && stageTip.includes(pipelineRow.tooltip), `stage tooltip "${stageTip}" names the pipeline's error "${pipelineRow?.tooltip}"`);
    } finally {
      fs.writeFileSync(file, saved);
    }
    await rowsWhen('the loop pipeline gone', (rs) => !rs.some((r) => r.id === 'pipeline:loop'));
  });
});
