// Where an object lives on a remote: the same fan-out as .mlops/objects (ab/cdef...), so a remote
// folder can be read with the same eyes as the local cache and listings stay small per folder.

const HASH = /^[0-9a-f]{64}$/;

export function isObjectHash(hash: string): boolean {
  return HASH.test(hash);
}

/** `objects/ab/cdef...` under a remote's root or prefix. */
export function objectKey(hash: string): string {
  if (!HASH.test(hash)) throw new Error(`Not a SHA-256 object hash: "${hash}"`);
  return `objects/${hash.slice(0, 2)}/${hash.slice(2)}`;
}

/** The hash a key names, or undefined for anything else under the prefix (temp files, foreign keys). */
export function hashOfKey(key: string): string | undefined {
  const m = /(?:^|\/)objects\/([0-9a-f]{2})\/([0-9a-f]{62})$/.exec(key);
  return m ? m[1] + m[2] : undefined;
}
