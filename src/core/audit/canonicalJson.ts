// RFC 8785, the JSON Canonicalization Scheme: the exact bytes the audit chain hashes. Written here
// rather than taken from the npm package canonicalize (by the RFC's authors), which is ESM-only and
// needs Node 22 while core runs as CommonJS on Node 20; the tests check this one against it.

/**
 * JCS text of value: object keys sorted by UTF-16 code units, numbers as ECMAScript prints them,
 * strings as JSON.stringify escapes them, no whitespace. Like JSON.stringify, toJSON is honoured and
 * undefined members are left out (null in arrays). NaN, Infinity, bigint and lone surrogates have no
 * JCS form and throw.
 */
export function canonicalJson(value: unknown): string {
  const text = serialize(value, []);
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON form (undefined, a function or a symbol)');
  return text;
}

function serialize(value: unknown, path: unknown[]): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) value = value.valueOf();
  switch (typeof value) {
    case 'string':
      return string(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
      // ECMAScript's Number-to-String is the serialisation RFC 8785 section 3.2.2.3 prescribes (-0 is 0).
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson: a bigint has no JSON form; convert it to a number or string');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      if (value === null) return 'null';
  }
  if (path.includes(value)) throw new TypeError('canonicalJson: the value contains a circular reference');
  path.push(value);
  let out: string;
  if (Array.isArray(value)) {
    out = `[${value.map((item) => serialize(item, path) ?? 'null').join(',')}]`;
  } else {
    const obj = value as Record<string, unknown>;
    const members: string[] = [];
    // Array.prototype.sort compares strings by UTF-16 code units, the order JCS requires.
    for (const key of Object.keys(obj).sort()) {
      const text = serialize(obj[key], path);
      if (text !== undefined) members.push(`${string(key)}:${text}`);
    }
    out = `{${members.join(',')}}`;
  }
  path.pop();
  return out;
}

function string(s: string): string {
  // JSON.stringify escapes a lone surrogate as \udXXX; JCS requires well-formed UTF-16 instead.
  if (!(s as string & { isWellFormed(): boolean }).isWellFormed()) {
    throw new TypeError('canonicalJson: a string holds a lone surrogate, which JSON cannot carry');
  }
  return JSON.stringify(s);
}
