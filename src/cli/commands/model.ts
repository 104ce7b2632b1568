// `mlops model VERB ...`: the model registry. Each verb lives in its own model*.ts file; adding one
// is an import and a line in `verbs`.
import { UsageError, type Command, type OptionSpec } from '../command';
import { modelAliasVerb } from './modelAlias';
import { modelExportVerb, modelImportVerb } from './modelArchive';
import { modelCardVerb } from './modelCard';
import { modelDeleteVerb } from './modelDelete';
import { modelDownloadVerb } from './modelDownload';
import { modelListVerb, modelVersionsVerb } from './modelList';
import { modelRegisterVerb } from './modelRegister';
import { modelShowVerb } from './modelShow';
import { modelTagVerb } from './modelTag';
import type { ModelVerb } from './modelVerb';

const verbs: ModelVerb[] = [modelRegisterVerb, modelListVerb, modelShowVerb, modelVersionsVerb, modelTagVerb, modelDownloadVerb, modelDeleteVerb, modelAliasVerb, modelCardVerb, modelExportVerb, modelImportVerb];

export const modelCommand: Command = {
  name: 'model',
  summary: `the model registry: ${verbs.map((v) => v.name).join(', ')}`,
  usage: verbs.flatMap((v) => v.forms ?? [v.usage]).map((u) => `mlops model ${u}`).join('\n       '),
  examples: verbs.flatMap((v) => v.examples),
  options: Object.assign({}, ...verbs.map((v) => v.options ?? {})) as OptionSpec,
  optionHelp: Object.assign({}, ...verbs.map((v) => v.optionHelp ?? {})) as Record<string, string>,
  run(ctx) {
    const [name, ...args] = ctx.args;
    const verb = verbs.find((v) => v.name === name);
    if (!verb) throw new UsageError(name ? `Unknown "model ${name}".` : 'Say what to do: mlops model VERB.', `Usage: ${this.usage}`);
    return verb.run({ ...ctx, args });
  },
};
