import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import type { ConfigProblem } from './types';

export type ConfigFileRead = { kind: 'missing' } | { kind: 'text'; text: string } | { kind: 'unreadable'; problem: ConfigProblem };

function documentProblem(message: string, line = 1): ConfigProblem {
  return { path: '', line, column: 1, offset: 0, length: 0, message };
}

/** 1-based line of the first line that is not UTF-8 (lines split at the byte 0x0A, which UTF-8 never uses otherwise). */
function firstInvalidLine(bytes: Buffer): number {
  let line = 1;
  let start = 0;
  for (;;) {
    const nl = bytes.indexOf(10, start);
    const end = nl < 0 ? bytes.length : nl;
    if (!isUtf8(bytes.subarray(start, end))) return line;
    if (nl < 0) return line;
    start = nl + 1;
    line++;
  }
}

/**
 * mlops.json's text, or why it cannot be read, as a problem like any other: a folder in its place, no
 * permission, bytes that are not UTF-8 (decoding them would silently turn them into U+FFFD).
 */
export function readConfigFile(file: string): ConfigFileRead {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    if (code === 'EISDIR') return { kind: 'unreadable', problem: documentProblem('mlops.json is a folder, not a file: move the folder away and write mlops.json as a JSON file (`mlops init` writes a starter)') };
    return { kind: 'unreadable', problem: documentProblem(`mlops.json cannot be read (${code ?? (err as Error).message}): check its permissions`) };
  }
  if (!isUtf8(bytes)) {
    const line = firstInvalidLine(bytes);
    return { kind: 'unreadable', problem: documentProblem(`mlops.json is not UTF-8 text (line ${line} holds bytes that are not UTF-8): save it with the UTF-8 encoding`, line) };
  }
  return { kind: 'text', text: bytes.toString('utf8') };
}
