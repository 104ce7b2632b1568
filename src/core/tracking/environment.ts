import { execFile } from 'node:child_process';
import * as os from 'node:os';
import { promisify } from 'node:util';
import type { RunEnvironment } from './runRecords';

const run = promisify(execFile);
const pythonVersions = new Map<string, Promise<string | undefined>>();

/** `Python 3.11.7` of the interpreter a run uses (asked once per interpreter and process). */
export function pythonVersion(interpreter = 'python3'): Promise<string | undefined> {
  let v = pythonVersions.get(interpreter);
  if (!v) {
    v = run(interpreter, ['--version'], { timeout: 10_000 }).then(
      ({ stdout, stderr }) => (stdout || stderr).trim().replace(/^Python\s+/, '') || undefined,
      () => undefined,
    );
    pythonVersions.set(interpreter, v);
  }
  return v;
}

/** The interpreter a command starts with, when it starts with one (python, python3.11, .venv/bin/python). */
export function interpreterOf(command: string): string | undefined {
  const first = command.trim().split(/\s+/)[0] ?? '';
  return /(^|\/)python[\d.]*$/.test(first) ? first : undefined;
}

/** Versions a run depends on; Python's only when the command involves Python (asking costs a process). */
export async function captureEnvironment(command: string): Promise<RunEnvironment> {
  const usesPython = /(^|[\s/])python[\d.]*(\s|$)|\.py(\s|$)/.test(command);
  return {
    python: usesPython ? await pythonVersion(interpreterOf(command) ?? 'python3') : undefined,
    os: `${os.type()} ${os.release()} (${process.platform}-${process.arch})`,
    node: process.versions.node,
  };
}
