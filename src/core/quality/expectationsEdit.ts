// Suggested expectations as an edit of mlops.json's TEXT: insertions only, one expectation per line,
// so the user's formatting, key order and comments survive and the change reads well in a diff.
import { applyEdits, getNodeValue, parseTree, type Edit, type Node, type ParseError } from 'jsonc-parser';
import { detectIndent } from '../config/declareDataset';
import { lineColumn } from '../config/problems';
import type { Expectation } from '../config/types';

export class ExpectationsEditError extends Error {}

export interface ExpectationsEdit {
  /** mlops.json after the edit (the input itself when nothing is added). */
  text: string;
  /** Insertions into the input text, in offset order (for an editor's WorkspaceEdit). */
  edits: Edit[];
  /** The suggestions written, in the order given. */
  added: Expectation[];
  /** The suggestions left out because an expectation already there covers them. */
  covered: Expectation[];
}

// Table-level checks: one of a kind per dataset is enough, and an exact column list covers "columns exist".
const TABLE_LEVEL: Record<string, 'columns' | 'rows'> = { columnsExist: 'columns', columnsMatchSet: 'columns', columnsMatchOrderedList: 'columns', rowCountBetween: 'rows' };

/** What an expectation checks: its kind and column(s), not its bounds. The same key is covered. */
export function expectationKey(e: Expectation): string {
  if (TABLE_LEVEL[e.expect]) return e.expect;
  // `existing` entries come from the text being edited, so their fields are checked, not trusted.
  const columns = 'columns' in e && Array.isArray(e.columns) ? e.columns.map(String).sort() : [];
  return JSON.stringify([e.expect, 'column' in e ? e.column : null, 'other' in e ? e.other : null, columns]);
}

function covers(existing: unknown, suggestion: Expectation): boolean {
  if (!existing || typeof existing !== 'object') return false;
  const e = existing as Expectation;
  return expectationKey(e) === expectationKey(suggestion) || (suggestion.expect === 'columnsExist' && TABLE_LEVEL[e.expect] === 'columns');
}

/** `{"expect": "between", "column": "age", "min": 0}`, one line; `padded` puts spaces inside the braces. */
export function expectationLine(e: Expectation, padded = false): string {
  const line = JSON.stringify(e).replace(/("(?:[^"\\]|\\.)*")|([:,])/g, (_m, str: string | undefined, sep: string) => str ?? `${sep} `);
  return padded ? `{ ${line.slice(1, -1)} }` : line;
}

const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
const indentAt = (text: string, offset: number) => /^[ \t]*/.exec(text.slice(lineStart(text, offset)))![0];

/** The indentation of a container's children: as its first child has it, else one level in. */
function childIndent(text: string, node: Node, unit: string): string {
  const first = node.children?.[0];
  if (first && !text.slice(lineStart(text, first.offset), first.offset).trim()) return indentAt(text, first.offset);
  return indentAt(text, node.offset) + unit;
}

// After a container's last child: nothing, or only a comment, up to the end of the line.
const ONLY_COMMENT = /^[ \t]*(\/\/.*|\/\*(?:(?!\*\/).)*\*\/[ \t]*)?\r?$/;

/**
 * Edits appending `children` (rendered, their later lines already indented) to an object or array
 * node: after its last child, past a comment ending that child's line so the comment stays with it.
 */
function appendTo(text: string, node: Node, children: string[], unit: string, eol: string): Edit[] {
  const indent = childIndent(text, node, unit);
  const body = children.map((c) => indent + c).join(',' + eol);
  const last = node.children?.[node.children.length - 1];
  if (!last) {
    const inner = text.slice(node.offset + 1, node.offset + node.length - 1);
    // Empty or blank: laid out afresh; a comment inside stays after the new lines.
    if (!inner.trim()) return [{ offset: node.offset + 1, length: inner.length, content: eol + body + eol + indentAt(text, node.offset) }];
    return [{ offset: node.offset + 1, length: 0, content: eol + body }];
  }
  const end = last.offset + last.length;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline === -1 ? text.length : newline;
  if (ONLY_COMMENT.test(text.slice(end, lineEnd))) {
    const at = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    return [
      { offset: end, length: 0, content: ',' },
      { offset: at, length: 0, content: eol + body },
    ];
  }
  return [{ offset: end, length: 0, content: ',' + eol + body }];
}

function editError(text: string, node: Node | undefined, problem: string): ExpectationsEditError {
  const at = lineColumn(text, node?.offset ?? 0);
  return new ExpectationsEditError(`mlops.json:${at.line}:${at.column}: ${problem}`);
}

/**
 * Adds the suggestions for `dataset` to mlops.json text: `expectations.<dataset>` when absent; when
 * present every expectation there is kept and only the suggestions none covers (same kind and
 * column) are appended. Applying the result again adds nothing. Throws ExpectationsEditError when
 * the text is not a JSON object or the place for the expectations holds something else.
 */
export function addExpectations(configText: string, dataset: string, suggestions: Expectation[]): ExpectationsEdit {
  const bom = configText.startsWith('\uFEFF') ? 1 : 0;
  const blank = !configText.slice(bom).trim();
  const text = blank ? '{\n}\n' : configText.slice(bom);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  if (errors.length || !root) {
    throw editError(text, { offset: errors[0]?.offset ?? 0 } as Node, 'not valid JSON. Fix it (`mlops doctor` shows the problem), then suggest expectations again.');
  }
  if (root.type !== 'object') throw editError(text, root, 'the file must hold an object ({ ... }) to take expectations.');
  const valueOf = (obj: Node, key: string) => obj.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1];
  const section = valueOf(root, 'expectations');
  if (section && section.type !== 'object') throw editError(text, section, '"expectations" must be an object: { "DATASET": [ ...expectations ] }.');
  const list = section && valueOf(section, dataset);
  if (list && list.type !== 'array') throw editError(text, list, `"expectations"."${dataset}" must be a list ([ ... ]) of expectations.`);

  const existing = (list ? getNodeValue(list) : []) as unknown[];
  const added: Expectation[] = [];
  const covered: Expectation[] = [];
  for (const s of suggestions) ([...existing, ...added].some((e) => covers(e, s)) ? covered : added).push(s);
  if (!added.length) return { text: configText, edits: [], added, covered };

  const { tabSize, insertSpaces } = detectIndent(text);
  const unit = insertSpaces ? ' '.repeat(tabSize) : '\t';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // Written as the file already writes them: `{ "expect": ... }` or `{"expect": ...}`.
  const padded = /\{ "expect"/.test(text) && !/\{"expect"/.test(text);
  const lines = added.map((e) => expectationLine(e, padded));
  let edits: Edit[];
  if (list) edits = appendTo(text, list, lines, unit, eol);
  else {
    // A new list (and section): each level one unit deeper than the key holding it.
    const host = section ?? root;
    const key = childIndent(text, host, unit);
    const listAt = (indent: string) => `[${eol}${lines.map((l) => indent + unit + l).join(',' + eol)}${eol}${indent}]`;
    const property = section
      ? `${JSON.stringify(dataset)}: ${listAt(key)}`
      : `"expectations": {${eol}${key + unit}${JSON.stringify(dataset)}: ${listAt(key + unit)}${eol}${key}}`;
    edits = appendTo(text, host, [property], unit, eol);
  }
  if (blank) edits = [{ offset: 0, length: configText.length, content: applyEdits(text, edits) }];
  else if (bom) edits = edits.map((e) => ({ ...e, offset: e.offset + bom }));
  return { text: applyEdits(configText, edits), edits, added, covered };
}
