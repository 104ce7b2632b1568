import * as path from 'node:path';
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { expectationProblems } from '../quality/expectationProblems';
import { pushAll } from '../../shared/boundedSpread';
import { duplicateKeyProblems, nestingProblem } from './documentProblems';
import { schemaProblems, syntaxProblems } from './problems';
import { pipelineProblems } from './pipelineProblems';
import { readConfigFile } from './readConfigFile';
import { configSchema, validateConfigValue } from './schema';
import { teamProblems } from './teamProblems';
import { workspaceProblems } from './workspaceProblems';
import { emptyConfig, sectionNames, type ConfigProblem, type MlopsConfig } from './types';

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

/**
 * Reads and validates mlops.json; a missing file means defaults, never an error. Never throws on
 * the file's content: whatever is wrong with it (syntax, schema, a folder in its place, bytes that
 * are not UTF-8, duplicate keys, paths outside the workspace, a bad regex) is a located problem.
 */
export function loadConfig(workspaceRoot: string): LoadedConfig {
  const file = configPath(workspaceRoot);
  const read = readConfigFile(file);
  if (read.kind === 'missing') return { file, exists: false, config: emptyConfig(), problems: [] };
  if (read.kind === 'unreadable') return { file, exists: true, config: emptyConfig(), problems: [read.problem] };
  const parsed = parseDocument(read.text, workspaceRoot);
  if (parsed.tree) pushAll(parsed.problems, workspaceProblems(workspaceRoot, parsed.source, parsed.tree, parsed.config));
  return { file, exists: true, config: parsed.config, problems: parsed.problems.sort((a, b) => a.offset - b.offset) };
}

export function parseConfigText(text: string): { config: MlopsConfig; problems: ConfigProblem[] } {
  const { config, problems } = parseDocument(text);
  return { config, problems };
}

/**
 * The parsed document; `tree` only when it parsed, so checks against the workspace can locate their
 * problems. `workspaceRoot`, when known, lets pipelines be checked against the disk too.
 */
function parseDocument(text: string, workspaceRoot?: string): { source: string; tree?: Node; config: MlopsConfig; problems: ConfigProblem[] } {
  const source = text.replace(/^\uFEFF/, '');
  if (!source.trim()) {
    return { source, config: emptyConfig(), problems: [{ path: '', line: 1, column: 1, offset: 0, length: 0, message: 'mlops.json is empty: write {} at least' }] };
  }
  const tooDeep = nestingProblem(source);
  if (tooDeep) return { source, config: emptyConfig(), problems: [tooDeep] };
  const parseErrors: ParseError[] = [];
  const tree = parseTree(source, parseErrors, { disallowComments: true, allowTrailingComma: false });
  if (parseErrors.length || !tree) {
    return { source, config: emptyConfig(), problems: syntaxProblems(source, parseErrors) };
  }
  const value: unknown = JSON.parse(source);
  const problems = [...duplicateKeyProblems(source, tree), ...schemaProblems(source, tree, validateConfigValue(value), configSchema)];
  if (problems.some((p) => p.path === '')) return { source, config: emptyConfig(), problems };
  const raw = value as Record<string, Record<string, unknown>>;
  const config = emptyConfig();
  for (const section of sectionNames) {
    const broken = problems.some((p) => p.path === `/${section}` || p.path.startsWith(`/${section}/`));
    if (!broken && raw[section]) (config as unknown as Record<string, unknown>)[section] = raw[section];
  }
  const keyBroken = (key: string) => problems.some((p) => p.path === `/${key}` || p.path.startsWith(`/${key}/`));
  if (!keyBroken('cache') && raw.cache) config.cache = raw.cache;
  if (!keyBroken('remotes') && raw.remotes) config.remotes = raw.remotes as MlopsConfig['remotes'];
  if (!keyBroken('team') && raw.team) config.team = raw.team;
  if (!keyBroken('cost') && raw.cost) config.cost = raw.cost;
  config.datasets = Object.fromEntries(
    Object.entries(config.datasets).map(([name, d]) => [name, typeof d === 'string' ? { path: d } : d]),
  );
  // Reported, not dropped: the rest of the section keeps working in the editor, and commands refuse the config anyway.
  pushAll(problems, expectationProblems(source, tree, config));
  pushAll(problems, teamProblems(source, tree, config));
  pushAll(problems, pipelineProblems(source, tree, config, workspaceRoot));
  return { source, tree, config, problems: problems.sort((a, b) => a.offset - b.offset) };
}

/** "mlops.json:12:5 /runs/train/command: must be string", as editors and terminals link it. */
export function formatProblem(file: string, p: ConfigProblem): string {
  return `${file}:${p.line}:${p.column} ${p.path || '(document)'}: ${p.message}`;
}
