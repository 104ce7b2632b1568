import { parseArgs, type ParseArgsConfig } from 'node:util';
import * as path from 'node:path';
import { findWorkspaceRoot } from '../core/workspace/findWorkspace';

/**
 * Exit codes every command follows; 70 is sysexits' EX_SOFTWARE, so CI never reads a bug as a failed
 * check, and 74 its EX_IOERR: the machine could not write (a full disk), which neither the input nor
 * the checked data caused.
 */
export const EXIT = { ok: 0, checkFailed: 1, usage: 2, internal: 70, diskFull: 74 } as const;

/** Bad arguments or bad input: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  args: string[];
  /** Everything after a bare `--`, untouched (e.g. the ad-hoc command of `mlops run -- ...`). */
  rest: string[];
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  json: boolean;
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
  /** The workspace root: --workspace, else the nearest folder up with mlops.json or .mlops/. */
  workspace(opts?: { orCwd?: boolean }): string;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  examples: string[];
  options?: OptionSpec;
  optionHelp?: Record<string, string>;
  run(ctx: CommandContext): Promise<number> | number;
}

export const globalOptions: OptionSpec = {
  workspace: { type: 'string', short: 'w' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
};

export const globalOptionHelp: Record<string, string> = {
  '--workspace DIR, -w': 'use DIR as the workspace instead of searching up from the current folder',
  '--json': 'print only JSON on stdout',
  '--help, -h': 'show help for the command',
  '--debug': 'on an internal error (exit 70), print its stack trace',
};

export function parseCommandArgs(command: Command, argv: string[]) {
  try {
    return parseArgs({ args: argv, options: { ...globalOptions, ...command.options }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.replace(/\. To specify.*$/s, '')}`, `See: mlops ${command.name} --help`);
  }
}

export function makeContext(
  values: CommandContext['values'],
  positionals: string[],
  rest: string[],
  cwd: string,
  io: { out: (t: string) => void; err: (t: string) => void },
): CommandContext {
  return {
    args: positionals,
    rest,
    values,
    json: values.json === true,
    cwd,
    out: io.out,
    err: io.err,
    workspace(opts) {
      if (typeof values.workspace === 'string') return path.resolve(cwd, values.workspace);
      const found = findWorkspaceRoot(cwd);
      if (found) return found;
      if (opts?.orCwd) return cwd;
      throw new UsageError(
        `No MLOps workspace at or above ${cwd} (no mlops.json or .mlops/ found).`,
        'Run `mlops init` in your project folder, or pass --workspace DIR.',
      );
    },
  };
}
