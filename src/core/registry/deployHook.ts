import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendAudit } from '../audit/appendAudit';
import type { MlopsConfig } from '../config/types';
import type { Store } from '../store/store';
import { downloadModelVersion } from './downloadModelVersion';
import { formatModelRef } from './modelRef';
import { resolveModelRef } from './modelVersions';
import { scratchFolder } from './scratchFolder';
import type { AliasEvent } from './types';

/** How much of a hook's output the audit entry keeps: the end, where the error usually is. */
export const HOOK_OUTPUT_LIMIT = 64 * 1024;

export interface DeployHookResult {
  command: string;
  /** The command's exit code; 128 + the signal's number when a signal ended it. */
  exitCode: number;
  /** Its stdout and stderr as they came, the last HOOK_OUTPUT_LIMIT bytes. */
  output: string;
}

export interface DeployHookOptions {
  /** Whether the workspace is trusted: an untrusted one's mlops.json never runs a command. */
  trusted: boolean;
  /** The hook's output as it arrives, in whole lines (a last line without a newline comes at the end): the CLI streams it to stderr. */
  onOutput?: (chunk: Buffer) => void;
}

/** mlops.json's `models.NAME.onAlias.ALIAS`, when there is one. */
export function deployHookCommand(config: MlopsConfig, model: string, alias: string): string | undefined {
  const command = config.models[model]?.onAlias?.[alias];
  return command?.trim() ? command : undefined;
}

/**
 * Runs the alias's deploy hook after a move to a version: the command in a shell at the workspace
 * root, with MLOPS_MODEL, MLOPS_VERSION, MLOPS_ALIAS and MLOPS_ARTIFACT (a checked copy of the
 * version's file or folder under .mlops/tmp, removed afterwards) in its environment. Its exit code and
 * output go into an audit entry 'model.deploy-hook'. In an untrusted workspace nothing runs and the
 * entry says so. Null when nothing ran: no hook for this alias, the alias was removed, or untrusted.
 * A failing hook does not undo the move: the caller reports the exit code.
 */
export async function runDeployHook(store: Store, config: MlopsConfig, event: AliasEvent, opts: DeployHookOptions): Promise<DeployHookResult | null> {
  const command = deployHookCommand(config, event.model, event.alias);
  if (!command || event.newVersion === null) return null;
  const object = formatModelRef(event.model, event.newVersion);
  const base = { alias: event.alias, version: event.newVersion, aliasEvent: event.id, command };
  if (!opts.trusted) {
    appendAudit(store, {
      action: 'model.deploy-hook',
      object,
      reason: event.reason,
      details: { ...base, skipped: 'the workspace is not trusted, so mlops.json runs no command; move the alias again from a trusted workspace or the CLI to run it' },
    });
    return null;
  }
  const version = resolveModelRef(store, { model: event.model, ref: event.newVersion });
  const dir = scratchFolder(store.root, 'deploy');
  let result: DeployHookResult;
  try {
    let artifact: string;
    try {
      // Under its registered name, every byte checked against its hash; a folder rebuilt whole.
      artifact = await downloadModelVersion(store, object, path.join(dir, path.basename(version.artifact.path) || 'artifact'));
    } catch (err) {
      // The alias moved but nothing was deployed: the log says so before the error reaches the user.
      appendAudit(store, { action: 'model.deploy-hook', object, reason: event.reason, details: { ...base, failed: `the artifact could not be placed: ${(err as Error).message}` } });
      throw err;
    }
    result = await runHook(store.root, command, { MLOPS_MODEL: event.model, MLOPS_VERSION: String(event.newVersion), MLOPS_ALIAS: event.alias, MLOPS_ARTIFACT: artifact, MLOPS_WORKSPACE: store.root }, opts.onOutput);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  appendAudit(store, {
    action: 'model.deploy-hook',
    object,
    reason: event.reason,
    details: { ...base, exitCode: result.exitCode, output: result.output },
  });
  return result;
}

function runHook(cwd: string, command: string, vars: Record<string, string>, onOutput?: (chunk: Buffer) => void): Promise<DeployHookResult> {
  const tail = new OutputTail(HOOK_OUTPUT_LIMIT);
  return new Promise((resolve) => {
    const shell = process.platform === 'win32' ? ['cmd.exe', ['/d', '/s', '/c', command]] as const : ['/bin/sh', ['-c', command]] as const;
    const child = spawn(shell[0], shell[1], { cwd, env: { ...process.env, ...vars }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = new LineStream(onOutput);
    const err = new LineStream(onOutput);
    const take = (stream: LineStream) => (chunk: Buffer) => {
      tail.push(chunk);
      stream.push(chunk);
    };
    child.stdout.on('data', take(out));
    child.stderr.on('data', take(err));
    child.once('error', (e) => take(err)(Buffer.from(`could not start the deploy hook: ${e.message}\n`)));
    child.once('close', (code, signal) => {
      out.end();
      err.end();
      const n = signal ? os.constants.signals[signal] : undefined;
      resolve({ command, exitCode: code ?? (n ? 128 + n : 127), output: tail.text() });
    });
  });
}

/**
 * Passes a stream on in whole lines, so a line written in two pieces is shown as one and a UTF-8
 * character is never split; a line longer than 64 KiB is passed on as it is.
 */
class LineStream {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onOutput?: (chunk: Buffer) => void) {}

  push(chunk: Buffer): void {
    if (!this.onOutput) return;
    const buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const cut = buf.lastIndexOf(10) + 1;
    if (cut > 0) this.onOutput(buf.subarray(0, cut));
    this.pending = buf.subarray(cut);
    if (this.pending.length > HOOK_OUTPUT_LIMIT) this.end();
  }

  end(): void {
    if (this.pending.length) this.onOutput?.(this.pending);
    this.pending = Buffer.alloc(0);
  }
}

/** The last `limit` bytes of a stream, cut at a character boundary. */
class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = false;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - this.chunks[0].length >= this.limit) {
      this.size -= this.chunks.shift()!.length;
      this.dropped = true;
    }
  }

  text(): string {
    let buf = Buffer.concat(this.chunks);
    if (buf.length > this.limit) {
      buf = buf.subarray(buf.length - this.limit);
      this.dropped = true;
    }
    // A UTF-8 continuation byte at the start belongs to a character cut in half.
    let start = 0;
    while (this.dropped && start < buf.length && start < 4 && (buf[start] & 0xc0) === 0x80) start++;
    return (this.dropped ? '[...]\n' : '') + buf.subarray(start).toString('utf8');
  }
}
