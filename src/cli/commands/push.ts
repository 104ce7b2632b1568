import { pushAll } from '../../core/team/sync';
import type { Command } from '../command';
import { runSync, syncOptionHelp, syncOptions } from './syncCli';
import { pushSummary } from './syncSummary';

export const pushCommand: Command = {
  name: 'push',
  summary: 'send objects to the remote and records (runs, data and model versions, aliases, audit) to the team store',
  usage: 'mlops push [REF ...] [--remote NAME] [--jobs N] [--json]',
  examples: ['mlops push', 'mlops push train@3 churn@2 --remote team', 'mlops push bold-fox-12 --json'],
  options: syncOptions,
  optionHelp: {
    'REF': 'a run (id, prefix or name), a dataset version (train@3) or dataset, a model version (churn@2, churn@champion) or model; default everything',
    ...syncOptionHelp,
  },
  run: (ctx) => runSync(ctx, 'push', pushAll, pushSummary),
};
