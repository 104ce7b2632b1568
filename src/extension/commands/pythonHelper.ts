// The Python helper wherever the editor runs Python. Launched runs have it on PYTHONPATH (the
// launcher) and terminals too (terminalEnvironment.ts); here: Python debug sessions, and the command
// that makes it importable for good, for Pylance's import resolution and scripts started elsewhere.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { withExtraPath } from '../../core/tracking/pylanceExtraPaths';
import { installPth, PythonHelperError, withHelperOnPythonPath } from '../../core/tracking/pythonHelperPath';
import { findSdkDir } from '../../core/tracking/sdkDir';
import type { Log } from '../log';
import { pythonInterpreter } from '../runs/pythonInterpreter';
import type { CommandRegistry } from './registry';

/** The Python Debugger's type, and the Python extension's older one. */
const PYTHON_DEBUG_TYPES = ['debugpy', 'python'];

/**
 * Adds the helper's folder to a Python debug session's PYTHONPATH. Done once the configuration is
 * complete (after the Python extension filled in a launch without launch.json); the Python extension
 * appends a configuration's PYTHONPATH to the one from python.envFile, so neither is lost.
 */
class HelperOnDebugPath implements vscode.DebugConfigurationProvider {
  constructor(private readonly sdkDir: string) {}
  resolveDebugConfigurationWithSubstitutedVariables(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration {
    if (config.request !== 'launch') return config;
    const env = (config.env ?? {}) as Record<string, string>;
    return { ...config, env: { ...env, PYTHONPATH: withHelperOnPythonPath(env.PYTHONPATH, this.sdkDir) } };
  }
}

type Way = 'pth' | 'extraPaths';

interface Request {
  way?: Way;
  /** For 'pth': the interpreter; else the Python extension's for the workspace, else python3. */
  python?: string;
}

/** What was done, in words for the notification (and the result, for tests). */
interface Outcome {
  way: Way;
  file: string;
  message: string;
}

async function pickWay(python: string): Promise<Way | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { way: 'pth' as const, label: 'Write a .pth file into the environment', detail: `${python} then imports mlops_workbench everywhere: scripts, notebooks, the debugger and Pylance.` },
      { way: 'extraPaths' as const, label: 'Add the folder to python.analysis.extraPaths', detail: 'In this workspace\'s .vscode/settings.json: Pylance resolves the import; the environment is left alone.' },
    ],
    { title: 'Make the Python Helper Importable' },
  );
  return picked?.way;
}

async function writePth(python: string, sdkDir: string): Promise<Outcome> {
  try {
    const done = await installPth(python, sdkDir);
    return { way: 'pth', file: done.pthFile, message: `wrote ${done.pthFile}: ${python} imports mlops_workbench from ${path.dirname(done.imported)}. Run this again after updating MLOps Workbench.` };
  } catch (err) {
    if (err instanceof PythonHelperError) throw new Error(`${err.message.replace(/ with --python PATH \(a virtual environment's bin\/python\)/, ' with "Python: Select Interpreter"')}`);
    throw err;
  }
}

function addExtraPath(root: string, sdkDir: string): Outcome {
  const file = path.join(root, '.vscode', 'settings.json');
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const { text, changed } = withExtraPath(before, sdkDir, path.relative(root, file));
  if (changed) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  }
  return { way: 'extraPaths', file, message: `${changed ? 'added' : 'found'} ${sdkDir} in python.analysis.extraPaths of .vscode/settings.json: Pylance resolves \`import mlops_workbench\`.` };
}

export function registerPythonHelper(commands: CommandRegistry, context: vscode.ExtensionContext, log: Log): void {
  const sdkDir = findSdkDir(path.join(context.extensionPath, 'dist'));
  for (const type of PYTHON_DEBUG_TYPES) context.subscriptions.push(vscode.debug.registerDebugConfigurationProvider(type, new HelperOnDebugPath(sdkDir)));

  commands.register('mlops.makePythonHelperImportable', async ({ target, root }): Promise<Outcome | undefined> => {
    const request = (typeof target === 'object' && target !== null ? target : {}) as Request;
    const python = request.python ?? (await pythonInterpreter(vscode.Uri.file(root)));
    const way = request.way ?? (await pickWay(python));
    if (!way) return undefined;
    const outcome = way === 'pth' ? await writePth(python, sdkDir) : addExtraPath(root, sdkDir);
    log.info(`Make the Python Helper Importable: ${outcome.message}`);
    void vscode.window.showInformationMessage(`MLOps: ${outcome.message}`);
    return outcome;
  });
}
