// A stage's run in lineage: part of its pipeline run, and using the outs of the upstream stages' runs
// in that repro; an upstream stage that was up to date names the earlier run that made its outs.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { emptyConfig, type MlopsConfig } from '../../../src/core/config/types';
import { lineageOf } from '../../../src/core/lineage/lineage';
import { finishPipelineRun, insertPipelineRun, linkStageRun, putStageRun } from '../../../src/core/pipelines/pipelineRuns';
import { Store } from '../../../src/core/store/store';
import { insertRun } from '../../../src/core/tracking/runRecords';
import { tempWorkspace } from '../tempWorkspace';

const config: MlopsConfig = {
  ...emptyConfig(),
  pipelines: {
    p: {
      stages: {
        prepare: { command: 'true', deps: ['raw.csv'], outs: ['clean.csv'] },
        train: { command: 'true', deps: ['clean.csv'], outs: ['model.bin'] },
        other: { command: 'true', deps: ['raw.csv'], outs: ['other.txt'] },
      },
    },
  },
};

function run(store: Store, id: string, created: number) {
  insertRun(store, { id, name: id, experiment: 'p', status: 'finished', command: 'true', cwd: '.', params: {}, createdAt: created });
}

test("a stage's run links its pipeline run and the upstream stage's run, also one kept from an earlier repro", () => {
  const root = fs.realpathSync(tempWorkspace('mlops-stage-lineage-'));
  fs.writeFileSync(path.join(root, 'mlops.json'), '{}');
  const store = Store.open(root);
  try {
    // Repro 1 ran prepare; repro 2 kept prepare (up to date) and ran train and other.
    run(store, 'r-prepare', 1);
    insertPipelineRun(store, { id: 'pr1', pipeline: 'p', forced: false, startedAt: 1, author: 'a' });
    putStageRun(store, { pipelineRunId: 'pr1', stage: 'prepare', outcome: 'ran', runId: 'r-prepare', reason: '' });
    linkStageRun(store, 'r-prepare', 'pr1', 'prepare');
    finishPipelineRun(store, 'pr1', { status: 'finished', endedAt: 2, stages: {} });
    run(store, 'r-train', 3);
    run(store, 'r-other', 4);
    insertPipelineRun(store, { id: 'pr2', pipeline: 'p', forced: false, startedAt: 3, author: 'a' });
    putStageRun(store, { pipelineRunId: 'pr2', stage: 'prepare', outcome: 'up-to-date', runId: 'r-prepare', reason: '' });
    for (const [stage, id] of [['train', 'r-train'], ['other', 'r-other']]) {
      putStageRun(store, { pipelineRunId: 'pr2', stage, outcome: 'ran', runId: id, reason: '' });
      linkStageRun(store, id, 'pr2', stage);
    }

    const up = lineageOf(store, config, 'r-train', { direction: 'up' });
    assert.deepEqual(
      up.edges.map((e) => `${e.from} ${e.relation} ${e.to}`),
      ['run:r-train part-of pipeline-run:pr2', 'run:r-train used-outs-of run:r-prepare', 'run:r-prepare part-of pipeline-run:pr1'],
    );
    assert.deepEqual(up.nodes.find((n) => n.id === 'pipeline-run:pr2')?.details, { id: 'pr2', pipeline: 'p', status: 'running', startedAt: 3, endedAt: null });
    assert.equal(up.nodes.find((n) => n.id === 'pipeline-run:pr1')?.label, 'pipeline p run pr1 (finished)');
    // other reads raw.csv only: no stage upstream of it.
    assert.deepEqual(lineageOf(store, config, 'r-other', { direction: 'up' }).edges.map((e) => e.relation), ['part-of']);
    // A run outside any pipeline has neither.
    run(store, 'r-plain', 5);
    assert.deepEqual(lineageOf(store, config, 'r-plain', { direction: 'up' }).edges, []);
  } finally {
    store.close();
  }
});
