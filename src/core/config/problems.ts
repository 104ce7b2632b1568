import type { ErrorObject } from 'ajv';
import { findNodeAtLocation, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { ConfigProblem } from './types';

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function problemAt(text: string, path: string, offset: number, length: number, message: string): ConfigProblem {
  return { path, ...lineColumn(text, offset), offset, length, message };
}

/** Locates many problems in one text: line starts are found once, each offset by binary search. */
export function problemLocator(text: string): (path: string, offset: number, length: number, message: string) => ConfigProblem {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (path, offset, length, message) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { path, line: lo + 1, column: offset - starts[lo] + 1, offset, length, message };
  };
}

const syntaxHints: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'expected a property name in double quotes (is there a trailing comma?)',
  ValueExpected: 'expected a value (is there a trailing comma or a missing value?)',
  ColonExpected: "expected ':' after the property name",
  CommaExpected: "expected ',' between entries",
  CloseBraceExpected: "expected '}' (an object is not closed)",
  CloseBracketExpected: "expected ']' (an array is not closed)",
  EndOfFileExpected: 'unexpected content after the end of the JSON document',
  InvalidCommentToken: 'comments are not allowed in mlops.json',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character in a string',
  InvalidCharacter: 'invalid character in a string',
};

export function syntaxProblems(text: string, errors: ParseError[]): ConfigProblem[] {
  // Only the first: the parser's later errors are echoes of the first one.
  return errors.slice(0, 1).map((e) => {
    const code = printParseErrorCode(e.error);
    return problemAt(text, '', e.offset, e.length, `JSON syntax error: ${syntaxHints[code] ?? code}`);
  });
}

function pointerSegments(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function appendPointer(pointer: string, key: string): string {
  return `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** The JSON pointer (RFC 6901) of a path of keys and indexes: ['runs', 'a/b'] -> "/runs/a~1b". */
export function jsonPointer(segments: readonly (string | number)[]): string {
  return segments.reduce<string>((pointer, s) => appendPointer(pointer, String(s)), '');
}

function describeBranch(schema: Record<string, unknown>, root: Record<string, unknown>): string {
  let s = schema;
  while (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/definitions/', '');
    s = ((root.definitions as Record<string, Record<string, unknown>>) ?? {})[name] ?? {};
  }
  const required = Array.isArray(s.required) ? (s.required as string[]) : [];
  const type = Array.isArray(s.type) ? (s.type as string[]).join(' or ') : typeof s.type === 'string' ? s.type : 'value';
  return required.length ? `an ${type} with ${required.map((r) => `"${r}"`).join(', ')}` : `a ${type}`;
}

function messageFor(e: ErrorObject, root: Record<string, unknown>): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const allowed = Object.keys((e.parentSchema?.properties as object) ?? {}).filter((k) => k !== '$schema');
      return `unknown property "${String(p.additionalProperty)}"` + (allowed.length ? ` (allowed: ${allowed.join(', ')})` : '');
    }
    case 'required':
      return `missing required property "${String(p.missingProperty)}"`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `must be ${String(p.type).replace(',', ' or ')}`;
    case 'oneOf':
      return `must be ${((e.schema as Record<string, unknown>[]) ?? []).map((b) => describeBranch(b, root)).join(', or ')}`;
    case 'pattern':
      return `${e.message}: ${String(e.parentSchema?.description ?? '')}`.replace(/: $/, '');
    case 'propertyNames':
      return `invalid name "${String(p.propertyName)}"`;
    default:
      return e.message ?? `fails ${e.keyword}`;
  }
}

/** Schema errors located in the source text; noise from inside failed oneOf branches is folded. */
export function schemaProblems(text: string, tree: Node | undefined, errors: ErrorObject[], schema: Record<string, unknown>): ConfigProblem[] {
  // A failed oneOf reports every branch. When something deeper failed, the user meant the branch that
  // holds it, so that error alone is shown; otherwise one message names the accepted shapes.
  const oneOfAt = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const deeper = (p: string) => errors.some((e) => e.instancePath.startsWith(p + '/'));
  const kept = errors.filter((e) => {
    // "must match then schema" only repeats the errors of its `then` branch, which name the field.
    if (e.keyword === 'if') return false;
    if (!oneOfAt.has(e.instancePath)) return true;
    if (deeper(e.instancePath)) return false;
    return e.keyword === 'oneOf';
  });
  const seen = new Set<string>();
  const problems: ConfigProblem[] = [];
  const at = problemLocator(text);
  for (const e of kept) {
    // A bad property name or an unknown property is reported at the key, not at its parent.
    const key = (e.params as Record<string, string>).additionalProperty ?? (e.params as Record<string, string>).propertyName;
    const pointer = key !== undefined ? appendPointer(e.instancePath, key) : e.instancePath;
    const message = messageFor(e, schema);
    const id = `${pointer}\u0000${message}`;
    if (seen.has(id) || (e.keyword === 'pattern' && e.instancePath === '' )) continue;
    seen.add(id);
    let node = tree ? findNodeAtLocation(tree, pointerSegments(pointer)) : undefined;
    if (node && key !== undefined && node.parent?.type === 'property') node = node.parent.children?.[0];
    const offset = node?.offset ?? 0;
    problems.push(at(pointer, offset, node?.length ?? 1, message));
  }
  return problems.sort((a, b) => a.offset - b.offset);
}
