// One small interface over the two SQLite bindings the store can run on, so the rest of core never
// knows which one is loaded: better-sqlite3 (fast, native, built for one Node ABI) and node:sqlite
// (built into Node 22.5+, including the Node inside recent Electron releases of desktop VS Code).
// better-sqlite3's type only: the module is required when a store opens, where a wrong binary can be caught.
import type BetterSqlite3 from 'better-sqlite3';

export type DriverName = 'better-sqlite3' | 'node:sqlite';
export type SqlValue = string | number | bigint | null | Uint8Array;

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface Statement {
  run(...params: SqlValue[]): RunResult;
  get<T = Record<string, unknown>>(...params: SqlValue[]): T | undefined;
  all<T = Record<string, unknown>>(...params: SqlValue[]): T[];
}

export interface SqlDriver {
  readonly name: DriverName;
  exec(sql: string): void;
  prepare(sql: string): Statement;
  close(): void;
}

export class DriverUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DriverUnavailableError';
  }
}

function runtimeDescription(): string {
  const v = process.versions as NodeJS.ProcessVersions & { electron?: string };
  const parts = [`Node ${v.node}`, `ABI ${v.modules}`, `${process.platform}-${process.arch}`];
  if (v.electron) parts.push(`Electron ${v.electron}`);
  return parts.join(', ');
}

function openBetterSqlite3(file: string): SqlDriver {
  // Loaded at call time: a binary built for another ABI throws here, and we want to catch that.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as typeof BetterSqlite3;
  const db = new Database(file);
  return {
    name: 'better-sqlite3',
    exec: (sql) => void db.exec(sql),
    // The native statement itself: same run/get/all contract, and no wrapper on the hot path.
    prepare: (sql) => db.prepare(sql) as unknown as Statement,
    close: () => db.close(),
  };
}

interface NodeSqliteModule {
  DatabaseSync: new (file: string) => {
    exec(sql: string): void;
    prepare(sql: string): {
      run(...p: SqlValue[]): RunResult;
      get(...p: SqlValue[]): unknown;
      all(...p: SqlValue[]): unknown[];
    };
    close(): void;
  };
}

function loadNodeSqlite(): NodeSqliteModule {
  // Silence the one-line "SQLite is an experimental feature" warning some Node versions print,
  // which would otherwise pollute `mlops --json` output on stderr-sensitive pipelines.
  // The property itself is put back afterwards, not a bound copy of it.
  const original = Object.getOwnPropertyDescriptor(process, 'emitWarning');
  const emit = process.emitWarning.bind(process) as (...a: unknown[]) => void;
  process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/SQLite/i.test(text)) return;
    emit(warning, ...rest);
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('node:sqlite') as NodeSqliteModule;
  } finally {
    if (original) Object.defineProperty(process, 'emitWarning', original);
  }
}

function openNodeSqlite(file: string): SqlDriver {
  const { DatabaseSync } = loadNodeSqlite();
  const db = new DatabaseSync(file);
  return {
    name: 'node:sqlite',
    exec: (sql) => db.exec(sql),
    prepare: (sql) => db.prepare(sql) as unknown as Statement,
    close: () => db.close(),
  };
}

const openers: Record<DriverName, (file: string) => SqlDriver> = {
  'better-sqlite3': openBetterSqlite3,
  'node:sqlite': openNodeSqlite,
};

function firstLine(err: unknown): string {
  return String(err instanceof Error ? err.message : err).split('\n')[0];
}

/**
 * Opens `file` with better-sqlite3, falling back to node:sqlite when the native binary does not
 * load in this runtime. MLOPS_SQLITE_DRIVER forces one driver (no fallback).
 */
export function openDriver(file: string, forced = process.env.MLOPS_SQLITE_DRIVER): SqlDriver {
  if (forced) {
    if (!(forced in openers)) {
      throw new DriverUnavailableError(
        `MLOPS_SQLITE_DRIVER is "${forced}"; it must be "better-sqlite3" or "node:sqlite" (or unset).`,
      );
    }
    try {
      return openers[forced as DriverName](file);
    } catch (err) {
      throw new DriverUnavailableError(
        `The SQLite driver ${forced} (forced by MLOPS_SQLITE_DRIVER) cannot open ${file} on ${runtimeDescription()}: ${firstLine(err)}`,
      );
    }
  }
  let nativeError: unknown;
  try {
    return openBetterSqlite3(file);
  } catch (err) {
    if (!isLoadError(err)) throw err;
    nativeError = err;
  }
  try {
    return openNodeSqlite(file);
  } catch (err) {
    if (!isLoadError(err)) throw err;
    throw new DriverUnavailableError(
      `No SQLite driver works on ${runtimeDescription()}.\n` +
        `  better-sqlite3: ${firstLine(nativeError)}\n` +
        `  node:sqlite: ${firstLine(err)}\n` +
        `Fix: rebuild the native module for this runtime (\`npm rebuild better-sqlite3\`, or ` +
        `\`npx @electron/rebuild -w better-sqlite3 -v <electron version>\` for desktop VS Code), ` +
        `install the VSIX built for your platform, or run on Node 22.5+ which ships node:sqlite.`,
    );
  }
}

// Only "the binding cannot be loaded here" triggers a fallback; a real SQLite error (a corrupt
// file, a permission problem) must surface as itself.
function isLoadError(err: unknown): boolean {
  const e = err as NodeJS.ErrnoException;
  if (!e || typeof e !== 'object') return false;
  if (e.code === 'MODULE_NOT_FOUND' || e.code === 'ERR_DLOPEN_FAILED' || e.code === 'ERR_UNKNOWN_BUILTIN_MODULE') return true;
  return /NODE_MODULE_VERSION|was compiled against a different Node\.js version|Could not locate the bindings file|invalid ELF header|No such built-in module|Cannot find module/i.test(
    String(e.message),
  );
}
