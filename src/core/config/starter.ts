// The mlops.json that `mlops init` and "MLOps: Initialize Workspace" write: every section shown by a
// small working example a user edits rather than a blank page.

export function starterConfig(): Record<string, unknown> {
  return {
    runs: {
      train: {
        description: 'Train the model; ${params.NAME} is replaced by each parameter.',
        command: 'python3 train.py --lr ${params.lr} --epochs ${params.epochs}',
        params: { lr: 0.05, epochs: 30 },
        inputs: ['train'],
        outputs: ['model.json'],
        primaryMetric: 'val/auc',
        sweep: { lr: [0.1, 0.05, 0.01], epochs: [20, 40] },
      },
    },
    datasets: {
      train: 'data/train.csv',
      production: { path: 'data/production_batch.csv', format: 'csv', watch: true },
    },
    expectations: {
      train: [
        { expect: 'notNull', column: 'customer_id' },
        { expect: 'between', column: 'tenure_months', min: 0, max: 120 },
        { expect: 'notNull', column: 'total_charges', mostly: 0.95, severity: 'warning' },
      ],
    },
    monitors: {
      production: {
        reference: 'train',
        current: 'production',
        driftShare: 0.5,
        actions: [{ notify: true }, { retrain: 'train' }],
      },
    },
    models: {
      churn: { metric: 'val/auc', direction: 'maximize', gate: { 'val/auc': { threshold: 0.7 } }, protect: ['champion'] },
    },
  };
}

export function starterConfigText(): string {
  return JSON.stringify(starterConfig(), null, 2) + '\n';
}
