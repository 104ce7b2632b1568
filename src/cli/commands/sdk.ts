import * as path from 'node:path';
import { activePython, installPth, PythonHelperError } from '../../core/tracking/pythonHelperPath';
import { findSdkDir } from '../../core/tracking/sdkDir';
import { UsageError, type Command, type CommandContext } from '../command';

// The Python helper outside a launched run: its folder, or a .pth file that puts it on an
// environment's sys.path for good (scripts started by hand, notebooks, the editor's language server).

function printPath(ctx: CommandContext): number {
  if (ctx.args.length) throw new UsageError('"sdk path" takes no argument.', 'Usage: mlops sdk path');
  const dir = findSdkDir(__dirname);
  ctx.out(ctx.json ? JSON.stringify({ path: dir, module: path.join(dir, 'mlops_workbench.py') }) : dir);
  return 0;
}

async function installPthFile(ctx: CommandContext): Promise<number> {
  if (ctx.args.length) throw new UsageError('"sdk install-pth" takes no argument.', 'Usage: mlops sdk install-pth [--python PATH]');
  const python = (ctx.values.python as string | undefined) ?? activePython();
  try {
    const done = await installPth(python, findSdkDir(__dirname));
    if (ctx.json) ctx.out(JSON.stringify(done));
    else ctx.out(`Wrote ${done.pthFile}: ${done.python} now imports mlops_workbench from ${path.dirname(done.imported)}.\nRun this again after updating MLOps Workbench if its folder moved.`);
    return 0;
  } catch (err) {
    if (err instanceof PythonHelperError) throw new UsageError(err.message);
    throw err;
  }
}

const verbs: Record<string, (ctx: CommandContext) => number | Promise<number>> = { path: printPath, 'install-pth': installPthFile };

export const sdkCommand: Command = {
  name: 'sdk',
  summary: 'the Python helper (mlops_workbench) outside a launched run: print its folder, or make an environment import it',
  usage: 'mlops sdk path | mlops sdk install-pth [--python PATH]',
  examples: ['mlops sdk path', 'PYTHONPATH="$(mlops sdk path)" python3 train.py', 'mlops sdk install-pth', 'mlops sdk install-pth --python .venv/bin/python'],
  options: { python: { type: 'string' } },
  optionHelp: { '--python PATH': 'install-pth: the interpreter whose site-packages gets mlops_workbench.pth (default: the active virtual environment\'s, else python3)' },
  run(ctx) {
    const [verb, ...args] = ctx.args;
    const fn = verb ? verbs[verb] : undefined;
    if (!fn) throw new UsageError(verb ? `Unknown "sdk ${verb}".` : 'Say what to do: "sdk path" or "sdk install-pth".', `Usage: ${this.usage}`);
    return fn({ ...ctx, args });
  },
};
