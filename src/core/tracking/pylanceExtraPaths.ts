// `python.analysis.extraPaths` in a workspace's .vscode/settings.json: the folders Pylance resolves
// imports from besides the interpreter's own. Edited as text (comments and order kept), since the
// setting is Pylance's and the editor's configuration API refuses keys no installed extension declares.
import { applyEdits, modify, parse, type ParseError } from 'jsonc-parser';

const KEY = 'python.analysis.extraPaths';

/** Settings text with `folder` among the extra paths (once); unchanged text when it already is. */
export function withExtraPath(settingsText: string, folder: string, file = '.vscode/settings.json'): { text: string; changed: boolean } {
  const errors: ParseError[] = [];
  const settings: unknown = settingsText.trim() ? parse(settingsText, errors, { allowTrailingComma: true }) : {};
  if (errors.length || typeof settings !== 'object' || settings === null || Array.isArray(settings))
    throw new Error(`${file} is not a JSON object (${errors.length} syntax error${errors.length === 1 ? '' : 's'}): fix it, then run the command again.`);
  const current: unknown = (settings as Record<string, unknown>)[KEY];
  if (current !== undefined && !(Array.isArray(current) && current.every((p) => typeof p === 'string')))
    throw new Error(`"${KEY}" in ${file} is not a list of folders: make it one, e.g. ["${folder}"].`);
  const paths = current ?? [];
  if (paths.includes(folder)) return { text: settingsText, changed: false };
  const base = settingsText.trim() ? settingsText : '{}\n';
  const edits = modify(base, [KEY], [...paths, folder], { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } });
  return { text: applyEdits(base, edits), changed: true };
}
