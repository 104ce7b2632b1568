// `mlops model register NAME --run RUN [--artifact PATH] [--description TEXT] [--tag K=V ...]`.
import * as path from 'node:path';
import { registerModel } from '../../core/registry/registerModel';
import { UsageError } from '../command';
import { openWorkspace } from '../workspaceStore';
import { listOption, parseTags, positionals, stringOption, versionJson, versionLine, usageHint, type ModelVerb } from './modelVerb';

export const modelRegisterVerb: ModelVerb = {
  name: 'register',
  usage: 'register NAME --run RUN [--artifact PATH] [--description TEXT] [--tag K=V ...]',
  examples: ['mlops model register churn --run 3f2a --tag team=growth', 'mlops model register churn --run 3f2a --artifact out/model'],
  options: { run: { type: 'string' }, artifact: { type: 'string' }, description: { type: 'string' }, tag: { type: 'string', multiple: true } },
  optionHelp: {
    '--run RUN': 'register: the source run (id, id prefix or name); it must have finished',
    '--artifact PATH': "register: the file or folder to register (default: the run's only stored artifact)",
    '--description TEXT': 'register: what this version is',
    '--tag K=V': 'register: a tag (repeatable)',
  },
  async run(ctx) {
    const [name] = positionals(ctx, modelRegisterVerb, ['NAME']);
    const run = stringOption(ctx, 'run');
    if (!run) throw new UsageError('register needs --run RUN: the run the version comes from.', usageHint(modelRegisterVerb));
    const tags = parseTags(listOption(ctx, 'tag'), modelRegisterVerb);
    const artifact = stringOption(ctx, 'artifact');
    const { store, loaded } = openWorkspace(ctx);
    try {
      // --artifact is typed relative to where the user stands, like any path on a command line.
      const v = await registerModel(store, loaded.config, {
        model: name,
        runId: run,
        ...(artifact !== undefined ? { artifact: path.resolve(ctx.cwd, artifact) } : {}),
        description: stringOption(ctx, 'description'),
        tags,
      });
      if (ctx.json) ctx.out(JSON.stringify(versionJson(v), null, 2));
      else ctx.out(`Registered ${versionLine(v)}.`);
      return 0;
    } finally {
      store.close();
    }
  },
};
