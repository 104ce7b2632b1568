// `mlops expectations suggest TARGET [--write] [--json]`: TFDV-style expectations inferred from a
// profile, shown as a diff of mlops.json for review, and written into it (atomically) with --write.
import * as fs from 'node:fs';
import { configPath } from '../../core/config/loadConfig';
import { TableReadError, type TableFormat } from '../../core/data/readers/types';
import { addExpectations, expectationLine, ExpectationsEditError } from '../../core/quality/expectationsEdit';
import { profileFile } from '../../core/quality/profile';
import { profileForVersion } from '../../core/quality/profileStore';
import { suggestExpectations } from '../../core/quality/suggestExpectations';
import { Store } from '../../core/store/store';
import { UsageError, type Command, type CommandContext } from '../command';
import { terminalProgress } from './profile';
import { resolveTargets } from './qualityTarget';
import { unifiedDiff } from './unifiedDiff';
import { datasetCsvOptions } from '../../core/data/readers/datasetReadOptions';
import { csvReadFlags, tableReadOptionHelp, tableReadOptions } from '../tableReadOptions';
import { readWorkspaceConfig } from '../workspaceStore';

const usage = 'mlops expectations suggest DATASET[@V] | PATH [--write] [--format csv|jsonl|parquet] [--json]';

async function suggest(ctx: CommandContext): Promise<number> {
  if (ctx.args.length !== 1) throw new UsageError('Give one dataset to suggest expectations for: NAME, NAME@3, or a file of a dataset.', `Usage: ${usage}`);
  const arg = ctx.args[0];
  const format = ctx.values.format as TableFormat | undefined;
  if (format !== undefined && !['csv', 'jsonl', 'parquet'].includes(format)) throw new UsageError(`--format ${format}: use csv, jsonl or parquet.`);
  const root = ctx.workspace();
  const config = readWorkspaceConfig(root).config;
  let store: Store | undefined;
  try {
    const targets = resolveTargets(root, config, arg, ctx.cwd, () => (store ??= Store.open(root)));
    if (targets.length > 1) {
      throw new UsageError(`${arg} has ${targets.length} files; expectations are inferred from one.`, `Name one: a path (${targets[0].label}) or a version (NAME:ITEM@3).`);
    }
    const target = targets[0];
    const dataset = target.kind === 'version' ? target.version.dataset : target.dataset;
    if (!dataset) throw new UsageError(`${arg} is not a file of any dataset in mlops.json, and expectations are kept per dataset.`, 'Declare it first: `mlops data add PATH --name NAME`.');
    const onProgress = ctx.json ? undefined : terminalProgress(`profiling ${target.label}`);
    const csv = datasetCsvOptions(config.datasets[dataset], csvReadFlags(ctx));
    const profile = target.kind === 'version' ? await profileForVersion(store!, target.version, { format, onProgress, csv }) : await profileFile(target.file, { format, onProgress, csv });
    for (const note of profile.notes ?? []) ctx.err(`note: ${target.label}: ${note}`);
    const file = configPath(root);
    const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const edit = addExpectations(before, dataset, suggestExpectations(profile));
    const write = ctx.values.write === true && edit.added.length > 0;
    if (write) {
      // Temp file + rename: an editor or a watcher never reads half a mlops.json.
      const tmp = `${file}.mlops-tmp`;
      fs.writeFileSync(tmp, edit.text);
      fs.renameSync(tmp, file);
    }
    if (ctx.json) {
      ctx.out(JSON.stringify({ dataset, source: target.label, rows: profile.rows, file, added: edit.added, covered: edit.covered, written: write }, null, 2));
      return 0;
    }
    const summary = `${edit.added.length} expectation${edit.added.length === 1 ? '' : 's'} for ${dataset} from ${target.label} (${profile.rows} rows)`;
    const kept = edit.covered.length ? `; ${edit.covered.length} already covered by mlops.json` : '';
    if (!edit.added.length) ctx.out(`Nothing to add: mlops.json's expectations for ${dataset} cover every suggestion from ${target.label}.`);
    else if (write) ctx.out([`Added ${summary} to mlops.json${kept}:`, ...edit.added.map((e) => '  ' + expectationLine(e))].join('\n'));
    else {
      ctx.out(unifiedDiff(before, edit.text, 'mlops.json'));
      ctx.err(`${summary}${kept}. Review the diff, then add them with: mlops expectations suggest ${arg} --write`);
    }
    return 0;
  } catch (err) {
    if (err instanceof TableReadError || err instanceof ExpectationsEditError) throw new UsageError(err.message);
    throw err;
  } finally {
    store?.close();
  }
}

export const expectationsCommand: Command = {
  name: 'expectations',
  summary: "suggest expectations from a dataset's data (types, nulls, ranges, domains) as a diff of mlops.json",
  usage,
  examples: ['mlops expectations suggest train', 'mlops expectations suggest train@3 --write', 'mlops expectations suggest data/train.csv --json'],
  options: { write: { type: 'boolean' }, format: { type: 'string' }, ...tableReadOptions },
  optionHelp: {
    '--write': 'add the suggestions to mlops.json (appended, the rest of the file as written) instead of printing the diff',
    '--format F': 'read the table as csv, jsonl or parquet (default: from the file extension)',
    ...tableReadOptionHelp,
  },
  run(ctx) {
    const [verb, ...args] = ctx.args;
    if (verb !== 'suggest') throw new UsageError(verb ? `Unknown "expectations ${verb}".` : 'Say what to do: mlops expectations suggest DATASET.', `Usage: ${usage}`);
    return suggest({ ...ctx, args });
  },
};
