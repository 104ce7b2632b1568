import * as fs from 'node:fs';
import { applyEdits, modify, parseTree, type ParseError } from 'jsonc-parser';
import { checkDeclaredPath } from '../data/datasetItems';
import { configPath } from './loadConfig';

export class DeclareError extends Error {}

/** The indentation the file already uses (2 spaces when it has none). */
export function detectIndent(text: string): { tabSize: number; insertSpaces: boolean } {
  const m = /\n([ \t]+)"/.exec(text);
  if (!m) return { tabSize: 2, insertSpaces: true };
  return m[1].startsWith('\t') ? { tabSize: 1, insertSpaces: false } : { tabSize: m[1].length, insertSpaces: true };
}

/**
 * Adds `"datasets": {name: path}` to mlops.json by editing its text in place (jsonc-parser, as
 * VS Code edits settings), so the user's formatting and key order survive. Creates the file when
 * absent. Returns false when the dataset is already declared with that path. A path that could never
 * be versioned (outside the workspace, the workspace itself, inside .mlops) throws before the file is touched.
 */
export function declareDataset(workspaceRoot: string, name: string, relPath: string, declared: Record<string, { path: string }>): boolean {
  checkDeclaredPath(workspaceRoot, name, relPath);
  const existing = declared[name];
  if (existing) {
    if (existing.path === relPath) return false;
    throw new DeclareError(`Dataset "${name}" is already declared in mlops.json with path "${existing.path}": pick another name with --name, or edit mlops.json.`);
  }
  const file = configPath(workspaceRoot);
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '{\n}\n';
  const errors: ParseError[] = [];
  parseTree(text, errors);
  if (errors.length) throw new DeclareError(`${file} is not valid JSON; fix it (\`mlops doctor\` shows where) before adding a dataset.`);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const edits = modify(text, ['datasets', name], relPath, { formattingOptions: { ...detectIndent(text), eol } });
  const tmp = `${file}.mlops-tmp`;
  fs.writeFileSync(tmp, applyEdits(text, edits));
  fs.renameSync(tmp, file);
  return true;
}
