// `mlops validate [TARGET] [--json] [--junit FILE]`: a dataset's expectations over its data, for CI.
// Exit 1 when an expectation of severity error fails, 2 on bad input or a broken mlops.json.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Expectation } from '../../core/config/types';
import { TableReadError, type TableFormat } from '../../core/data/readers/types';
import { describeResult } from '../../core/quality/describeResult';
import { toJsonText } from '../../core/quality/profileJson';
import { validateFile, type ValidationResult } from '../../core/quality/validate';
import { validateVersion } from '../../core/quality/validationStore';
import { Store } from '../../core/store/store';
import { UsageError, type Command } from '../command';
import { readWorkspaceConfig } from '../workspaceStore';
import { datasetCsvOptions } from '../../core/data/readers/datasetReadOptions';
import { FEW_RAGGED_ROWS } from '../../core/data/readers/raggedRows';
import { csvReadFlags, tableReadOptionHelp, tableReadOptions } from '../tableReadOptions';
import { junitReport, type DatasetValidation } from './junitReport';
import { terminalProgress } from './profile';
import { NoDatasetFileError, resolveTargets, workingFiles, type QualityTarget } from './qualityTarget';

function render(v: DatasetValidation): string {
  const out = [`${v.success ? 'PASS' : 'FAIL'} ${v.dataset} (${v.file}, ${v.rows} rows)`];
  for (const r of v.results) {
    const mark = r.success ? 'ok  ' : r.severity === 'warning' ? 'warn' : 'FAIL';
    out.push(`  ${mark} ${describeResult(r)}`);
    if (!r.success) for (const u of r.unexpectedRows.slice(0, 5)) out.push(`         ${v.file}:${u.line}: ${JSON.stringify(u.value)}`);
    if (!r.success && r.unexpectedCount > 5) out.push(`         ... ${r.unexpectedCount - Math.min(5, r.unexpectedRows.length)} more (--json lists ${r.unexpectedRows.length})`);
  }
  if (v.raggedFailed) out.push(`  FAIL ${v.raggedRows} ragged rows (more than ${FEW_RAGGED_ROWS}), left out of every check: fix them, or set "allowRagged": true on the dataset`);
  for (const p of v.problems.slice(0, 5)) out.push(`  warning: ${v.file}:${p.line}: ${p.message}`);
  return out.join('\n');
}

export const validateCommand: Command = {
  name: 'validate',
  summary: "check data against the dataset's expectations in mlops.json (exit 1 when one fails)",
  usage: 'mlops validate [DATASET[@V] | PATH] [--format csv|jsonl|parquet] [--json] [--junit FILE]',
  examples: ['mlops validate', 'mlops validate train', 'mlops validate train@3 --json', 'mlops validate data/train.csv --junit reports/data.xml'],
  options: { junit: { type: 'string' }, format: { type: 'string' }, ...tableReadOptions },
  optionHelp: {
    '--junit FILE': 'also write the results as JUnit XML (one test case per expectation) for CI',
    '--format F': 'read the table as csv, jsonl or parquet (default: from the file extension)',
    ...tableReadOptionHelp,
  },
  async run(ctx) {
    if (ctx.args.length > 1) throw new UsageError('Give at most one dataset or file; without one, every dataset with expectations is checked.', `Usage: ${this.usage}`);
    const format = ctx.values.format as TableFormat | undefined;
    if (format !== undefined && !['csv', 'jsonl', 'parquet'].includes(format)) throw new UsageError(`--format ${format}: use csv, jsonl or parquet.`);
    const root = ctx.workspace();
    // A broken expectation must not pass silently: any config problem stops the check (exit 2).
    const config = readWorkspaceConfig(root).config;
    let store: Store | undefined;
    const runs: { dataset: string; target: QualityTarget; expectations: Expectation[] }[] = [];
    const skipped: { dataset: string; reason: string }[] = [];
    try {
      if (ctx.args.length === 0) {
        const names = Object.keys(config.expectations).filter((n) => config.expectations[n].length);
        const unchecked = Object.keys(config.datasets).filter((n) => !names.includes(n));
        if (!names.length) ctx.err('No expectations in mlops.json: add some under "expectations".');
        // A dataset with no expectations is not checked: say how to get some from its data.
        for (const name of unchecked) ctx.err(`not checked: dataset "${name}" has no expectations. Suggest some from its data: mlops expectations suggest ${name}`);
        for (const name of names) {
          if (!config.datasets[name]) throw new UsageError(`mlops.json: expectations for "${name}", but no dataset "${name}" under "datasets".`, `Declare it: "datasets": { "${name}": "data/${name}.csv" }.`);
          let targets: QualityTarget[];
          try {
            targets = workingFiles(root, config, name);
          } catch (err) {
            // No data yet (a fresh workspace): listed as skipped. Naming the dataset (mlops validate NAME) makes it an error.
            if (!(err instanceof NoDatasetFileError)) throw err;
            skipped.push({ dataset: name, reason: `${err.message} Add the data, then validate it (mlops validate ${name} fails while it is missing).` });
            continue;
          }
          for (const target of targets) runs.push({ dataset: name, target, expectations: config.expectations[name] });
        }
      } else {
        for (const target of resolveTargets(root, config, ctx.args[0], ctx.cwd, () => (store ??= Store.open(root)))) {
          const dataset = target.kind === 'version' ? target.version.dataset : target.dataset;
          const expectations = dataset ? config.expectations[dataset] : undefined;
          if (!dataset || !expectations?.length) {
            throw new UsageError(
              dataset ? `Dataset "${dataset}" has no expectations in mlops.json.` : `${ctx.args[0]} is not a file of any dataset in mlops.json, so no expectations apply to it.`,
              dataset ? `Suggest some from its data: mlops expectations suggest ${dataset} (then --write to add them to mlops.json).` : 'Declare it as a dataset (`mlops data add PATH --name NAME`) and give it expectations.',
            );
          }
          runs.push({ dataset, target, expectations });
        }
      }
      const validations: DatasetValidation[] = [];
      const flags = csvReadFlags(ctx);
      for (const { dataset, target, expectations } of runs) {
        const onProgress = ctx.json ? undefined : terminalProgress(`validating ${target.label}`);
        const declared = config.datasets[dataset];
        const read = { format, onProgress, label: target.label, csv: datasetCsvOptions(declared, flags), allowRagged: declared?.allowRagged === true };
        const result: ValidationResult =
          target.kind === 'version' ? await validateVersion(store!, target.version, expectations, read) : await validateFile(target.file, expectations, read);
        for (const note of result.notes ?? []) ctx.err(`note: ${target.label}: ${note}`);
        validations.push({ dataset, ...result });
      }
      const success = validations.every((v) => v.success);
      if (ctx.json) {
        const results = validations.flatMap((v) => v.results.map((r) => ({ dataset: v.dataset, file: v.file, ...r })));
        // An observed mean or std may be infinite: written "Infinity", as metrics are, never null.
        ctx.out(toJsonText({ success, results, datasets: validations.map(({ results: _r, ...v }) => v), skipped }, 2));
      } else if (validations.length || skipped.length) ctx.out([...validations.map(render), ...skipped.map((s) => `SKIP ${s.dataset}: ${s.reason}`)].join('\n\n'));
      const junit = ctx.values.junit as string | undefined;
      if (junit) {
        const file = path.resolve(ctx.cwd, junit);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, junitReport(validations));
      }
      return success ? 0 : 1;
    } catch (err) {
      if (err instanceof TableReadError) throw new UsageError(err.message);
      throw err;
    } finally {
      store?.close();
    }
  },
};
