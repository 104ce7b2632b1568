// Problems of the JSON document itself that JSON syntax allows: nesting too deep to parse safely, and
// keys given twice (JSON.parse keeps the last one silently).
import type { Node } from 'jsonc-parser';
import { jsonPointer, problemLocator } from './problems';
import type { ConfigProblem } from './types';

/** mlops.json never needs more than a handful of levels; a deeper document is not a config. */
export const MAX_CONFIG_DEPTH = 64;

/**
 * The first place the document nests deeper than MAX_CONFIG_DEPTH, found by a linear scan before
 * any recursive parser or validator sees it (a document 100,000 arrays deep overflows their stack).
 */
export function nestingProblem(text: string): ConfigProblem | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Skip the string: brackets inside it do not nest.
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92 /* \ */) i++;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > MAX_CONFIG_DEPTH) {
        return problemLocator(text)('', i, 1, `nested deeper than ${MAX_CONFIG_DEPTH} levels: mlops.json's sections are a few levels deep; is this the right file?`);
      }
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return undefined;
}

/** Each key repeated within one object, at the repeat, naming the line of the first. Iterative: no stack depth. */
export function duplicateKeyProblems(text: string, tree: Node): ConfigProblem[] {
  const at = problemLocator(text);
  const problems: ConfigProblem[] = [];
  const stack: { node: Node; keys: string[] }[] = [{ node: tree, keys: [] }];
  while (stack.length) {
    const { node, keys } = stack.pop()!;
    if (node.type === 'object') {
      const first = new Map<string, Node>();
      for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        if (!key || typeof key.value !== 'string') continue;
        const earlier = first.get(key.value);
        if (earlier) {
          const line = at('', earlier.offset, 0, '').line;
          problems.push(at(jsonPointer([...keys, key.value]), key.offset, key.length, `duplicate key "${key.value}" (first at line ${line}): JSON keeps only the last one; remove or rename one of them`));
        } else first.set(key.value, key);
        if (value) stack.push({ node: value, keys: [...keys, key.value] });
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => stack.push({ node: child, keys: [...keys, String(i)] }));
    }
  }
  return problems.sort((a, b) => a.offset - b.offset);
}
