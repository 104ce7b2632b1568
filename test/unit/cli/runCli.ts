// The built CLI as a user runs it: dist/cli.js in a real child process of this Node, colours off
// (test/run.mjs builds before the unit tests; `node esbuild.js` does it by hand).
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';

export const cliPath = path.resolve(__dirname, '../../../dist/cli.js');

export interface CliResult {
  /** The exit code; null when a signal ended the process. */
  code: number | null;
  stdout: string;
  stderr: string;
}

const cliEnv = (env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ...process.env, NO_COLOR: '1', ...env });

/** `mlops ARGS` in `cwd`, to the end. */
export function mlops(args: string[], cwd: string, env?: NodeJS.ProcessEnv): CliResult {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', env: cliEnv(env) });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `mlops ARGS` in `cwd`, left running: for commands that watch, or a launcher a test kills. */
export function spawnMlops(args: string[], cwd: string, env?: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [cliPath, ...args], { cwd, env: cliEnv(env) });
}
