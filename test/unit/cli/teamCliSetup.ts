// Teammates for the team CLI tests: each a temp workspace with its own mlops.json (one shared folder
// remote, one team store database), its own git identity (the author its records carry), and the
// built CLI run in child processes, to the end or left running.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initTeam } from '../../../src/core/team/teamInit';
import { tempWorkspace } from '../tempWorkspace';
import { cliPath, type CliResult } from './runCli';

const cli = cliPath;

function mlops(args: string[], cwd: string, env: NodeJS.ProcessEnv): CliResult {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface PgCluster {
  url: string;
  port: number;
  createDatabase(name: string): Promise<string>;
  createLogin(name: string, password: string): Promise<void>;
  urlFor(user: string, password?: string, db?: string): string;
  stop(): Promise<void>;
}

// A variable path: the harness is plain ESM JavaScript without type declarations.
const pgHarness = path.resolve(__dirname, '../../harness/postgres.mjs');
const s3Harness = path.resolve(__dirname, '../../harness/s3server.mjs');

export async function startPostgres(): Promise<PgCluster> {
  const mod = (await import(pgHarness)) as { startPostgres(): Promise<PgCluster> };
  return mod.startPostgres();
}

export async function startS3Server(opts: { buckets: string[] }): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const mod = (await import(s3Harness)) as { startS3Server(o: { buckets: string[] }): Promise<{ endpoint: string; stop(): Promise<void> }> };
  return mod.startS3Server(opts);
}

/** A fresh team store: a database of its own in the cluster, with the mlops schema (as `mlops team init` makes it). */
export async function teamDatabase(pg: PgCluster, name: string, protect: { model: string; alias: string }[] = []): Promise<string> {
  const url = await pg.createDatabase(name);
  await initTeam(url, protect);
  return url;
}

export interface Teammate {
  name: string;
  root: string;
  env: NodeJS.ProcessEnv;
  /** `mlops ARGS` here, to the end. */
  run(args: string[], env?: NodeJS.ProcessEnv): CliResult;
  /** `mlops ARGS` here without blocking this process (needed when it serves the remote: s3rver). */
  exec(args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult>;
  /** `mlops ARGS` here in a child process left running (Promise.all of several races them). */
  start(args: string[], env?: NodeJS.ProcessEnv): RunningCli;
  json<T = unknown>(args: string[]): T;
}

export interface RunningCli {
  pid: number;
  /** Resolves when stderr has printed a line matching re (rejects if the process ends first). */
  stderrMatch(re: RegExp): Promise<string>;
  done: Promise<CliResult & { signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

/** Git identity by environment (GIT_CONFIG_COUNT), so `currentActor` names this teammate. */
function identityEnv(name: string): NodeJS.ProcessEnv {
  return {
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: 'user.name',
    GIT_CONFIG_VALUE_0: name,
    GIT_CONFIG_KEY_1: 'user.email',
    GIT_CONFIG_VALUE_1: `${name.toLowerCase()}@example.com`,
  };
}

export interface TeammateOptions {
  database?: string;
  /** The remote's url (a folder path or s3://bucket/prefix) and its S3 settings. */
  remote?: { url: string; endpoint?: string; region?: string; forcePathStyle?: boolean; jobs?: number };
  config?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
}

export function teammate(name: string, opts: TeammateOptions): Teammate {
  const root = tempWorkspace(`mlops-${name.toLowerCase()}-`);
  const config: Record<string, unknown> = { ...opts.config };
  if (opts.remote) config.remotes = { team: { ...opts.remote, default: true } };
  if (opts.database) config.team = { database: opts.database };
  fs.writeFileSync(path.join(root, 'mlops.json'), JSON.stringify(config, null, 2));
  const env = { ...identityEnv(name), ...opts.env };
  const self: Teammate = {
    name,
    root,
    env,
    run: (args, more) => mlops(args, root, { ...env, ...more }),
    start: (args, more) => startCli(args, root, { ...env, ...more }),
    exec: (args, more) => startCli(args, root, { ...env, ...more }).done,
    json<T>(args: string[]): T {
      const r = self.run([...args, '--json']);
      if (r.code !== 0) throw new Error(`mlops ${args.join(' ')} --json exited ${r.code}: ${r.stderr}`);
      return JSON.parse(r.stdout) as T;
    },
  };
  return self;
}

export function startCli(args: string[], cwd: string, env: NodeJS.ProcessEnv): RunningCli {
  const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  const waiters: { re: RegExp; resolve: (s: string) => void; reject: (e: Error) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const line = stderr.split('\n').find((l) => w.re.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    check();
  });
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`mlops ${args.join(' ')} ended (${code ?? signal}) before stderr matched ${w.re}:\n${stderr}`));
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    pid: child.pid!,
    done,
    kill: (signal) => child.kill(signal),
    stderrMatch: (re) =>
      new Promise<string>((resolve, reject) => {
        waiters.push({ re, resolve, reject });
        check();
      }),
  };
}

/** A training script: logs metrics through the helper and writes a model file (an artifact). */
export const trainPy = `import sys, json, mlops_workbench as mw
lr = float(sys.argv[1]) if len(sys.argv) > 1 else 0.1
mw.log_param("lr", lr)
for step in range(5):
    mw.log_metric("val/acc", 0.5 + lr * step)
json.dump({"lr": lr, "weights": [lr] * 8}, open("model.json", "w"))
mw.log_artifact("model.json")
`;

/** Adds train.py, a dataset train -> data/train.csv, and a run "train" to a teammate's workspace. */
export function withTraining(t: Teammate, csv = 'x,y\n1,2\n3,4\n'): void {
  fs.mkdirSync(path.join(t.root, 'data'), { recursive: true });
  fs.writeFileSync(path.join(t.root, 'data', 'train.csv'), csv);
  fs.writeFileSync(path.join(t.root, 'train.py'), trainPy);
  const file = path.join(t.root, 'mlops.json');
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  config.datasets = { train: 'data/train.csv' };
  config.runs = { train: { command: 'python3 train.py ${params.lr}', params: { lr: 0.1 }, inputs: ['data/train.csv'], outputs: ['model.json'] } };
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
}

export function ok(r: CliResult, what: string): CliResult {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}:\n${r.stderr}\n${r.stdout}`);
  return r;
}
