import * as fs from 'node:fs';
import * as path from 'node:path';
import { initWorkspace } from '../../core/workspace/initWorkspace';
import { UsageError, type Command } from '../command';

export const initCommand: Command = {
  name: 'init',
  summary: 'create mlops.json (a starter showing every section) and .mlops/ in a folder',
  usage: 'mlops init [DIR]',
  examples: ['mlops init', 'mlops init ~/projects/churn', 'mlops init --json'],
  run(ctx) {
    if (ctx.args.length > 1) throw new UsageError('init takes at most one folder', 'Usage: mlops init [DIR]');
    const explicit = ctx.args[0] ?? (typeof ctx.values.workspace === 'string' ? ctx.values.workspace : undefined);
    const root = path.resolve(ctx.cwd, explicit ?? '.');
    if (!fs.existsSync(root)) throw new UsageError(`${root} does not exist`, 'Create the folder first, or pass an existing one.');
    const result = initWorkspace(root);
    if (ctx.json) {
      ctx.out(JSON.stringify(result, null, 2));
    } else {
      ctx.out(result.configCreated ? `Created ${result.configFile}` : `Kept the existing ${result.configFile}`);
      for (const p of result.created.filter((c) => c !== result.configFile)) ctx.out(`Created ${p}`);
      ctx.out(`Store ready (schema version ${result.schemaVersion}). Next: edit mlops.json, then \`mlops doctor\`.`);
    }
    return 0;
  },
};
