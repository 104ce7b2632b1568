import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTree, type ParseError } from 'jsonc-parser';
import { configSchema, validateConfigValue } from './schema';
import { schemaProblems, syntaxProblems } from './problems';
import { emptyConfig, sectionNames, type ConfigProblem, type DatasetConfig, type MlopsConfig } from './types';

export const CONFIG_FILE = 'mlops.json';

export interface LoadedConfig {
  file: string;
  exists: boolean;
  /** Valid sections as written; a section with a problem is left empty so the rest keeps working. */
  config: MlopsConfig;
  problems: ConfigProblem[];
}

export function configPath(workspaceRoot: string): string {
  return path.join(workspaceRoot, CONFIG_FILE);
}

/** Reads and validates mlops.json; a missing file means defaults, never an error. */
export function loadConfig(workspaceRoot: string): LoadedConfig {
  const file = configPath(workspaceRoot);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { file, exists: false, config: emptyConfig(), problems: [] };
    throw err;
  }
  return { file, exists: true, ...parseConfigText(text) };
}

export function parseConfigText(text: string): { config: MlopsConfig; problems: ConfigProblem[] } {
  const source = text.replace(/^\uFEFF/, '');
  if (!source.trim()) {
    return { config: emptyConfig(), problems: [{ path: '', line: 1, column: 1, offset: 0, length: 0, message: 'mlops.json is empty: write {} at least' }] };
  }
  const parseErrors: ParseError[] = [];
  const tree = parseTree(source, parseErrors, { disallowComments: true, allowTrailingComma: false });
  if (parseErrors.length || !tree) {
    return { config: emptyConfig(), problems: syntaxProblems(source, parseErrors) };
  }
  const value: unknown = JSON.parse(source);
  const problems = schemaProblems(source, tree, validateConfigValue(value), configSchema);
  if (problems.some((p) => p.path === '')) return { config: emptyConfig(), problems };
  const raw = value as Record<string, Record<string, unknown>>;
  const config = emptyConfig();
  for (const section of sectionNames) {
    const broken = problems.some((p) => p.path === `/${section}` || p.path.startsWith(`/${section}/`));
    if (!broken && raw[section]) (config as unknown as Record<string, unknown>)[section] = raw[section];
  }
  const cacheBroken = problems.some((p) => p.path === '/cache' || p.path.startsWith('/cache/'));
  if (!cacheBroken && raw.cache) config.cache = raw.cache as MlopsConfig['cache'];
  config.datasets = Object.fromEntries(
    Object.entries(config.datasets).map(([name, d]) => [name, typeof d === 'string' ? ({ path: d } as DatasetConfig) : d]),
  );
  return { config, problems };
}

/** "mlops.json:12:5 /runs/train/command: must be string", as editors and terminals link it. */
export function formatProblem(file: string, p: ConfigProblem): string {
  return `${file}:${p.line}:${p.column} ${p.path || '(document)'}: ${p.message}`;
}
