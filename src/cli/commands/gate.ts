// `mlops gate NAME --candidate RUN|VERSION|REF|pipeline:PIPE [--against ALIAS] [--allow-different-data]
// [--json] [--junit FILE] [--markdown]`: the model gate for CI. Exit 0 when it passes, 1 when it
// fails, 2 on bad input (main.ts maps RegistryError). Every evaluation is recorded, with its audit entry.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluateGate } from '../../core/registry/gate';
import { recordGate } from '../../core/registry/gateRecords';
import { EXIT, UsageError, type Command } from '../command';
import { openWorkspace } from '../workspaceStore';
import { gateJunit, gateMarkdown, gateText } from './gateReport';
import { toJsonText } from '../../core/quality/profileJson';

export const gateCommand: Command = {
  name: 'gate',
  summary: "check a candidate model against the champion with the metrics in mlops.json's models.NAME.gate (exit 1 when it fails)",
  usage: 'mlops gate NAME --candidate RUN|VERSION|REF|pipeline:PIPE [--against ALIAS] [--allow-different-data] [--json | --markdown] [--junit FILE]',
  examples: [
    'mlops gate churn --candidate 01jf3k2m9q',
    'mlops gate churn --candidate 4 --against staging',
    'mlops gate churn --candidate churn@latest --junit reports/gate.xml --markdown > gate.md',
    'mlops gate churn --candidate pipeline:train',
  ],
  options: {
    candidate: { type: 'string' },
    against: { type: 'string' },
    'allow-different-data': { type: 'boolean' },
    junit: { type: 'string' },
    markdown: { type: 'boolean' },
  },
  optionHelp: {
    '--candidate C': 'what is judged: a run (id, id prefix or name), a version number of NAME, a model reference (churn@4), or pipeline:PIPE (the version of NAME the latest finished `mlops repro PIPE` registered)',
    '--against ALIAS': 'the alias whose version the candidate must beat (default: champion); when it is not set, the change rules pass',
    '--allow-different-data': "compare even when the two sides read different versions of models.NAME.evaluationData (recorded in the result)",
    '--markdown': 'print a pull-request comment body (Markdown) instead of the table',
    '--junit FILE': 'also write the result as JUnit XML (a test case per metric) for CI',
  },
  run(ctx) {
    if (ctx.args.length !== 1) throw new UsageError(ctx.args.length ? `Give one model, not ${ctx.args.length}.` : 'Say which model to gate.', `Usage: ${this.usage}`);
    const candidate = ctx.values.candidate;
    if (typeof candidate !== 'string' || !candidate.trim()) throw new UsageError('--candidate is required: a run id, a version number, a model reference or pipeline:PIPE.', `Usage: ${this.usage}`);
    if (ctx.json && ctx.values.markdown) throw new UsageError('--json and --markdown both print to stdout: choose one.');
    const against = ctx.values.against as string | undefined;
    const { store, loaded } = openWorkspace(ctx);
    try {
      const evaluated = evaluateGate(store, loaded.config, {
        model: ctx.args[0],
        candidate,
        ...(against !== undefined ? { against } : {}),
        allowDifferentData: ctx.values['allow-different-data'] === true,
      });
      const result = recordGate(store, evaluated);
      if (ctx.json) ctx.out(toJsonText({ ...result, at: new Date(result.at).toISOString() }, 2));
      else if (ctx.values.markdown) ctx.out(gateMarkdown(result));
      else ctx.out(gateText(result));
      const junit = ctx.values.junit as string | undefined;
      if (junit) {
        const file = path.resolve(ctx.cwd, junit);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, gateJunit(result));
      }
      return result.passed ? EXIT.ok : EXIT.checkFailed;
    } finally {
      store.close();
    }
  },
};
