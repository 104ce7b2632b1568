// The model card's YAML front matter, written by hand because what it holds is small and fixed:
// mappings, lists, strings and numbers. Every string is a double-quoted scalar with JSON's escapes
// (JSON is a subset of YAML 1.2), so quotes, colons, '#', leading dashes and newlines in a
// description can never change the structure; the card's test parses the output back with a YAML
// parser to hold this.

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue | undefined };

/** Block-style YAML for a mapping, keys in the order given; undefined values are left out. */
export function toYaml(value: { [key: string]: YamlValue | undefined }): string {
  return mapping(value, 0).join('\n') + '\n';
}

function mapping(obj: { [key: string]: YamlValue | undefined }, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    const key = `${pad}${yamlKey(k)}:`;
    if (isBlock(v)) out.push(key, ...block(v, indent + 2));
    else out.push(`${key} ${scalar(v)}`);
  }
  return out;
}

function sequence(items: YamlValue[], indent: number): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  for (const item of items) {
    if (isBlock(item)) {
      // "- " then the first line of the nested block on the same line, the rest under it.
      const lines = block(item, indent + 2);
      out.push(`${pad}- ${lines[0].trimStart()}`, ...lines.slice(1));
    } else {
      out.push(`${pad}- ${scalar(item)}`);
    }
  }
  return out;
}

function block(v: YamlValue[] | { [key: string]: YamlValue | undefined }, indent: number): string[] {
  return Array.isArray(v) ? sequence(v, indent) : mapping(v, indent);
}

/** A non-empty list or mapping goes in block style; empty ones are written inline ([] and {}). */
function isBlock(v: YamlValue | undefined): v is YamlValue[] | { [key: string]: YamlValue | undefined } {
  if (Array.isArray(v)) return v.length > 0;
  return typeof v === 'object' && v !== null && Object.values(v).some((x) => x !== undefined);
}

function scalar(v: YamlValue): string {
  if (Array.isArray(v)) return '[]';
  if (v === null) return 'null';
  if (typeof v === 'object') return '{}';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v !== v ? '.nan' : v > 0 ? '.inf' : '-.inf';
  return quote(v);
}

/** Plain keys where YAML reads them as strings (model-index, library_name); anything else quoted. */
function yamlKey(k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(k) ? k : quote(k);
}

/**
 * JSON's double-quoted string, plus escapes for what YAML does not allow raw in a document: DEL and
 * the C1 controls, the line and paragraph separators (read as line breaks by YAML 1.1 parsers), a
 * byte order mark and the non-characters U+FFFE, U+FFFF.
 */
function quote(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
