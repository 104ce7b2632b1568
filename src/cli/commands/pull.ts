import { pullAll } from '../../core/team/sync';
import type { Command } from '../command';
import { runSync, syncOptionHelp, syncOptions } from './syncCli';
import { pullSummary } from './syncSummary';

export const pullCommand: Command = {
  name: 'pull',
  summary: 'bring teammates\' records from the team store, then the objects they need from the remote',
  usage: 'mlops pull [REF ...] [--remote NAME] [--jobs N] [--json]',
  examples: ['mlops pull', 'mlops pull train@3 --remote team', 'mlops pull --json'],
  options: syncOptions,
  optionHelp: {
    'REF': 'fetch only the objects these need: a run, a dataset version or dataset, a model version or model (records are always pulled whole)',
    ...syncOptionHelp,
  },
  run: (ctx) => runSync(ctx, 'pull', pullAll, pullSummary),
};
