import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MlopsConfig } from '../config/types';
import { sha256File } from '../data/hashFile';
import type { RunInput } from './runRecords';

export class InputError extends Error {}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

function globRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
      if (pattern[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Workspace-relative files a run input names: a dataset name, a file, a folder or a glob. */
export function resolveInputFiles(workspaceRoot: string, config: MlopsConfig, input: string): string[] {
  const target = config.datasets[input]?.path ?? input;
  const abs = path.resolve(workspaceRoot, target);
  const rel = path.relative(workspaceRoot, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new InputError(`Input "${input}" (${target}) lies outside the workspace.`);
  if (/[*?]/.test(target)) {
    const base = path.resolve(workspaceRoot, target.split(/[*?]/)[0].replace(/[^/]*$/, ''));
    const re = globRegex(rel.split(path.sep).join('/'));
    return fs.existsSync(base) ? walk(base).map((f) => path.relative(workspaceRoot, f).split(path.sep).join('/')).filter((f) => re.test(f)).sort() : [];
  }
  if (!fs.existsSync(abs)) throw new InputError(`Input "${input}" does not exist: ${target} (declare it under "datasets" or fix the path in "inputs").`);
  if (fs.statSync(abs).isDirectory()) return walk(abs).map((f) => path.relative(workspaceRoot, f).split(path.sep).join('/')).sort();
  return [rel.split(path.sep).join('/')];
}

/** SHA-256 of every file of every input, as recorded at the start of a run. */
export async function hashInputs(workspaceRoot: string, config: MlopsConfig, inputs: string[]): Promise<RunInput[]> {
  const files = [...new Set(inputs.flatMap((i) => resolveInputFiles(workspaceRoot, config, i)))];
  return Promise.all(files.map(async (f) => ({ path: f, hash: await sha256File(path.join(workspaceRoot, f)) })));
}
