// The command action: a shell command run with the check's summary in its environment. Only in a
// trusted workspace: mlops.json may come from anyone's repository, and opening it must not run it.
import { spawn } from 'node:child_process';
import { killTree } from '../../tracking/processTree';
import { summaryEnv, type CheckSummary } from '../checkSummary';

export interface CommandResult {
  ok: boolean;
  command: string;
  exitCode: number | null;
  /** The last lines of its output, for the terminal. */
  output: string;
  error?: string;
}

const TAIL = 4000;

export function runCommandAction(command: string, summary: CheckSummary, opts: { cwd: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<CommandResult> {
  return new Promise((resolve) => {
    let output = '';
    const keep = (d: Buffer) => (output = (output + d.toString('utf8')).slice(-TAIL));
    const child = spawn(process.platform === 'win32' ? 'cmd.exe' : '/bin/sh', process.platform === 'win32' ? ['/d', '/s', '/c', command] : ['-c', command], {
      cwd: opts.cwd,
      env: { ...(opts.env ?? process.env), ...summaryEnv(summary) },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout ends whatever the command started too.
      detached: process.platform !== 'win32',
    });
    const timeoutMs = opts.timeoutMs ?? 600_000;
    const timer = setTimeout(() => {
      output += `\n[mlops] stopped after ${timeoutMs / 1000} s`;
      if (child.pid) void killTree(child.pid, 2000);
    }, timeoutMs);
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, command, exitCode: null, output, error: err.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, command, exitCode: code, output, ...(code === 0 ? {} : { error: code === null ? 'ended by a signal' : `exit code ${code}` }) });
    });
  });
}
