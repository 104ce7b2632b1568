/**
 * `${params.NAME}` substitution in a run's shell command. The template is scanned as /bin/sh reads
 * it, so each placeholder's value is quoted for the context it stands in (outside quotes, inside
 * '...', inside "...", inside $(...)) and always reaches the program as exactly one literal string:
 * no value can end a quote, expand `$`, run a command or split a word. Contexts where no quoting is
 * reliable (backquotes, ${...}, $'...', here-documents) are refused with an error saying what to use.
 */

export class TemplateError extends Error {}

type Frame =
  | { kind: 'bare'; closeParen: boolean; depth: number }
  | { kind: 'double' }
  | { kind: 'single' }
  | { kind: 'ansi' }
  | { kind: 'backquote' }
  | { kind: 'brace'; inDouble: boolean }
  | { kind: 'arith'; depth: number }
  | { kind: 'comment' };

const PLACEHOLDER = /\$\{params\.([^}]+)\}/y;
/** Characters /bin/sh never treats specially in a word (no `=`: `NAME=x` at a word's start assigns). */
const PLAIN = /^[A-Za-z0-9_@%+:,./-]+$/;

/** Outside quotes: kept as is when plain, else single-quoted (`'` as `'\''`). */
function quoteBare(value: string): string {
  return PLAIN.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Inside "...": only $ ` " \ are special there (a newline stays literal; a backslash before it would join lines). */
function quoteDouble(value: string): string {
  return value.replace(/[$`"\\]/g, '\\$&');
}

/** Inside '...': nothing is special but the closing quote, so `'` closes, is escaped, and reopens. */
function quoteSingle(value: string): string {
  return value.replace(/'/g, `'\\''`);
}

function refuse(name: string, where: string, instead: string): never {
  throw new TemplateError(`\${params.${name}} stands ${where}, where no value can be quoted safely; ${instead}.`);
}

/** Whether a `#` at `i` starts a comment: only at the start of a word. */
function wordStart(template: string, i: number): boolean {
  return i === 0 || /[\s;&|()<>]/.test(template[i - 1]);
}

/**
 * The command with every placeholder replaced by its value, quoted for its context. `valueOf` gives a
 * param's value (and throws for an unknown one).
 */
export function substituteTemplate(template: string, valueOf: (name: string) => string): string {
  const stack: Frame[] = [{ kind: 'bare', closeParen: false, depth: 0 }];
  let out = '';
  let hereDocPending = false;
  let inHereDoc = false;
  let i = 0;
  const top = () => stack[stack.length - 1];
  const within = (kind: Frame['kind']) => stack.some((f) => f.kind === kind);

  while (i < template.length) {
    const frame = top();
    const c = template[i];

    // A placeholder is recognized wherever it stands, except after a backslash that escapes its `$`
    // (the escape is consumed with the character it escapes, below, so the scan never lands on it).
    PLACEHOLDER.lastIndex = i;
    const m = PLACEHOLDER.exec(template);
    if (m) {
      const name = m[1];
      const value = valueOf(name);
      if (inHereDoc) refuse(name, 'in a here-document', 'pass it as an argument instead');
      if (within('backquote')) refuse(name, 'inside `...`', 'write $(...) instead of backquotes');
      if (within('ansi')) refuse(name, "inside $'...'", 'put it outside the quotes or inside "..."');
      if (within('brace')) refuse(name, 'inside a ${...} expansion', 'put it outside the expansion');
      if (within('arith')) {
        if (!/^[+-]?\d+$/.test(value)) refuse(name, 'inside $((...)) with a value that is not a whole number', `give it a whole number (got ${JSON.stringify(value)})`);
        out += value.startsWith('-') ? `(${value})` : value;
      } else if (frame.kind === 'comment') out += value.replace(/[\r\n]+/g, ' ');
      else if (frame.kind === 'single') out += quoteSingle(value);
      else if (frame.kind === 'double') out += quoteDouble(value);
      else out += quoteBare(value);
      i += m[0].length;
      continue;
    }

    let take = 1;
    switch (frame.kind) {
      case 'comment':
        if (c === '\n') stack.pop();
        break;
      case 'single':
        if (c === "'") stack.pop();
        break;
      case 'ansi':
      case 'backquote':
        if (c === '\\') take = 2;
        else if ((frame.kind === 'ansi' && c === "'") || (frame.kind === 'backquote' && c === '`')) stack.pop();
        break;
      case 'double':
        if (c === '\\') take = /[$`"\\\n]/.test(template[i + 1] ?? '') ? 2 : 1;
        else if (c === '"') stack.pop();
        else take = openExpansion(template, i, stack, true);
        break;
      case 'brace':
        if (c === '\\') take = 2;
        else if (c === '}') stack.pop();
        else if (c === '"') stack.push({ kind: 'double' });
        else if (c === "'" && !frame.inDouble) stack.push({ kind: 'single' });
        else take = openExpansion(template, i, stack, frame.inDouble);
        break;
      case 'arith':
        if (c === '(') frame.depth++;
        else if (c === ')' && frame.depth > 0) frame.depth--;
        else if (c === ')' && template[i + 1] === ')') {
          stack.pop();
          take = 2;
        } else take = openExpansion(template, i, stack, false);
        break;
      case 'bare':
        if (c === '\\') take = 2;
        else if (c === "'") stack.push({ kind: 'single' });
        else if (c === '"') stack.push({ kind: 'double' });
        else if (c === '#' && wordStart(template, i)) stack.push({ kind: 'comment' });
        else if (c === '(' && frame.closeParen) frame.depth++;
        else if (c === ')' && frame.closeParen) {
          if (frame.depth === 0) stack.pop();
          else frame.depth--;
        } else if (template.startsWith('<<', i)) {
          hereDocPending = true;
          take = 2;
        } else if (c === '\n' && hereDocPending) inHereDoc = true;
        else if (template.startsWith("$'", i)) {
          stack.push({ kind: 'ansi' });
          take = 2;
        } else take = openExpansion(template, i, stack, false);
        break;
    }
    out += template.slice(i, i + take);
    i += take;
  }
  return out;
}

/** Opens $((, $(, ${ or ` at `i` when one starts there; returns how many characters it took. */
function openExpansion(template: string, i: number, stack: Frame[], inDouble: boolean): number {
  if (template.startsWith('$((', i)) {
    stack.push({ kind: 'arith', depth: 0 });
    return 3;
  }
  if (template.startsWith('$(', i)) {
    stack.push({ kind: 'bare', closeParen: true, depth: 0 });
    return 2;
  }
  if (template.startsWith('${', i)) {
    stack.push({ kind: 'brace', inDouble });
    return 2;
  }
  if (template[i] === '`') stack.push({ kind: 'backquote' });
  return 1;
}
