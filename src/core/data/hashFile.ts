import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

/** Streaming SHA-256 (hex) of a file: never the whole file in memory. */
export async function sha256File(file: string, onProgress?: (bytes: number) => void, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  let seen = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20, signal })) {
    hash.update(chunk as Buffer);
    seen += (chunk as Buffer).length;
    onProgress?.(seen);
  }
  return hash.digest('hex');
}

export function sha256Bytes(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
