import * as fs from 'node:fs';

/** What identifies a file's content without reading it. Bigints: inodes and ns times exceed 2^53. */
export interface FileStat {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  mode: number;
}

function fromBigStats(s: fs.BigIntStats): FileStat {
  return { dev: s.dev, ino: s.ino, size: s.size, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs, mode: Number(s.mode) };
}

export function statFile(file: string): FileStat {
  return fromBigStats(fs.statSync(file, { bigint: true }));
}

export function fstatFile(fd: number): FileStat {
  return fromBigStats(fs.fstatSync(fd, { bigint: true }));
}

/** The file is missing (undefined) rather than an error. */
export function statIfExists(file: string): FileStat | undefined {
  try {
    return statFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw err;
  }
}

export function sameStat(a: FileStat | undefined, b: FileStat | undefined): boolean {
  return !!a && !!b && a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}
