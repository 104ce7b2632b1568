// Making mlops_workbench importable outside a launched run (whose PYTHONPATH already holds it): a
// `.pth` file in an environment's site-packages, which Python reads at start-up and which language
// servers such as Pylance read too, or the folder added to a PYTHONPATH someone else builds.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const PTH_FILE = 'mlops_workbench.pth';

/** A failure the user can fix (no such interpreter, a site-packages they cannot write): exit 2 in the CLI. */
export class PythonHelperError extends Error {}

/** `folder` first on a PYTHONPATH value, keeping what it held; never an empty entry (Python reads one as the current directory). */
export function withHelperOnPythonPath(current: string | undefined, folder: string): string {
  const rest = (current ?? '').split(path.delimiter).filter((p) => p && p !== folder);
  return [folder, ...rest].join(path.delimiter);
}

/** The interpreter of the active environment: $VIRTUAL_ENV's (or conda's) when one is active, else python3 (python on Windows). */
export function activePython(env: NodeJS.ProcessEnv = process.env): string {
  const prefix = env.VIRTUAL_ENV || env.CONDA_PREFIX;
  const exe = process.platform === 'win32' ? (prefix ? path.join(prefix, 'Scripts', 'python.exe') : 'python') : prefix ? path.join(prefix, 'bin', 'python') : 'python3';
  return prefix && !fs.existsSync(exe) ? (process.platform === 'win32' ? 'python' : 'python3') : exe;
}

function runPython(python: string, code: string, env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(python, ['-c', code], { encoding: 'utf8', timeout: 30_000, env: env ?? process.env }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout.trim());
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      reject(new PythonHelperError(missing ? `No Python interpreter at "${python}": name one with --python PATH (a virtual environment's bin/python).` : `${python} failed: ${(stderr || err.message).trim()}`));
    });
  });
}

/** The environment's site-packages for pure modules (a virtual environment's own when `python` is one). */
export function sitePackages(python: string): Promise<string> {
  return runPython(python, "import sysconfig; print(sysconfig.get_paths()['purelib'])");
}

export interface PthInstall {
  python: string;
  pthFile: string;
  /** Where the interpreter now imports the helper from (checked by importing it). */
  imported: string;
}

/**
 * Writes `<site-packages>/mlops_workbench.pth` naming `sdkDir` (written whole: a temp file renamed
 * into place), then imports the module with that interpreter, without PYTHONPATH, to prove it works.
 */
export async function installPth(python: string, sdkDir: string): Promise<PthInstall> {
  const site = await sitePackages(python);
  const pthFile = path.join(site, PTH_FILE);
  const tmp = `${pthFile}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(site, { recursive: true });
    fs.writeFileSync(tmp, `${sdkDir}\n`);
    fs.renameSync(tmp, pthFile);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
      throw new PythonHelperError(`${site} is not writable (${python} is a system interpreter?): use a virtual environment (python3 -m venv .venv) and pass --python .venv/bin/python, or add ${sdkDir} to PYTHONPATH.`);
    throw err;
  }
  const env = { ...process.env };
  delete env.PYTHONPATH;
  const imported = await runPython(python, 'import mlops_workbench; print(mlops_workbench.__file__)', env);
  return { python, pthFile, imported };
}
