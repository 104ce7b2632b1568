// `mlops model card NAME@REF [--out FILE]`: the version's model card (Markdown with Hugging Face front
// matter), on stdout or written to FILE.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { modelCardMarkdown } from '../../core/registry/modelCard';
import { UsageError } from '../command';
import { openWorkspace } from '../workspaceStore';
import { positionals, stringOption, type ModelVerb } from './modelVerb';

export const modelCardVerb: ModelVerb = {
  name: 'card',
  usage: 'card NAME[@VERSION|@ALIAS] [--out FILE]',
  examples: ['mlops model card churn@champion', 'mlops model card churn@3 --out docs/churn-card.md'],
  options: { out: { type: 'string' } },
  optionHelp: { '--out FILE': 'model card: write the Markdown to FILE (replaced whole, never half-written) instead of stdout' },
  run(ctx) {
    const [ref] = positionals(ctx, modelCardVerb, ['NAME@REF']);
    const out = stringOption(ctx, 'out');
    if (out === '') throw new UsageError('--out needs a file name.', `Usage: mlops model ${modelCardVerb.usage}`);
    const { store, loaded } = openWorkspace(ctx);
    let card: string;
    try {
      card = modelCardMarkdown(store, loaded.config, ref);
    } finally {
      store.close();
    }
    if (out === undefined) {
      ctx.out(card.trimEnd());
      return 0;
    }
    const file = path.resolve(ctx.cwd, out);
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UsageError(`--out ${out} is a folder: name a file, e.g. ${path.join(out, 'model-card.md')}.`);
    if (!fs.existsSync(path.dirname(file))) throw new UsageError(`--out ${out}: the folder ${path.dirname(file)} does not exist.`);
    writeWhole(file, card);
    if (ctx.json) ctx.out(JSON.stringify({ ref, file }, null, 2));
    else ctx.err(`Wrote the model card of ${ref} to ${path.relative(ctx.cwd, file) || file}.`);
    return 0;
  },
};

/** Temp file beside the target, then rename: a reader (the Markdown preview) never sees half a card. */
function writeWhole(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.mlops-tmp`;
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
