import * as fs from 'node:fs';
import { openDriver, type DriverName, type SqlDriver, type Statement } from './driver';
import { latestSchemaVersion, migrations } from './migrations';
import { storeLayout } from './layout';
import { checkStoreFile, createStoreFile, storeOpenError } from './storeFile';

export class StoreVersionError extends Error {}

/**
 * The workspace-local store: .mlops/store.db plus its folders. Safe to open from several processes
 * at once (the extension, the CLI, running launchers): WAL mode and a generous busy timeout.
 */
export class Store {
  private depth = 0;
  private readonly statements = new Map<string, Statement>();

  private constructor(
    readonly db: SqlDriver,
    readonly root: string,
    readonly file: string,
  ) {}

  /**
   * Opens the store, creating it when .mlops/store.db does not exist. One that exists but is empty,
   * truncated, not SQLite, damaged or read-only is refused with StoreFileError, never replaced.
   */
  static open(workspaceRoot: string): Store {
    const layout = storeLayout(workspaceRoot);
    ensureStoreFolders(workspaceRoot);
    if (!fs.existsSync(layout.database)) {
      createStoreFile(layout.database, (tmp) => {
        // WAL mode is kept in the file's header: writing it gives the new file its first page.
        const fresh = openDriver(tmp);
        try {
          applyPragmas(fresh);
        } finally {
          fresh.close();
        }
      });
    }
    checkStoreFile(layout.database);
    const db = openDriver(layout.database);
    try {
      applyPragmas(db);
      const store = new Store(db, workspaceRoot, layout.database);
      store.migrate();
      return store;
    } catch (err) {
      db.close();
      throw storeOpenError(layout.database, err);
    }
  }

  /** A prepared statement, prepared once per connection: for statements run once per file of a big folder. */
  statement(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  get driverName(): DriverName {
    return this.db.name;
  }

  schemaVersion(): number {
    return userVersion(this.db);
  }

  /** Runs fn in a transaction (a savepoint when nested); rolls back on throw, a failed COMMIT included. */
  transaction<T>(fn: () => T): T {
    const outer = this.depth === 0;
    const savepoint = `sp${this.depth}`;
    this.db.exec(outer ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`);
    // Restored once in finally: a COMMIT that throws (SQLITE_FULL on a full disk) must not unwind
    // the depth twice, or the next transaction would name a savepoint "sp-1".
    this.depth++;
    try {
      const result = fn();
      this.db.exec(outer ? 'COMMIT' : `RELEASE ${savepoint}`);
      return result;
    } catch (err) {
      try {
        this.db.exec(outer ? 'ROLLBACK' : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
      } catch {
        // SQLite already rolled the whole transaction back (it does on SQLITE_FULL, IOERR, NOMEM):
        // the savepoint is gone, and the error worth reporting is the one that caused it.
      }
      throw err;
    } finally {
      this.depth--;
    }
  }

  close(): void {
    this.db.close();
  }

  private migrate(): void {
    const found = this.schemaVersion();
    if (found > latestSchemaVersion) {
      throw new StoreVersionError(
        `${this.file} has schema version ${found}, newer than this MLOps Workbench understands ` +
          `(${latestSchemaVersion}). Update the extension and the mlops CLI.`,
      );
    }
    for (const m of migrations) {
      if (m.version <= found) continue;
      // Re-checked inside the write lock: another process may have migrated meanwhile.
      this.transaction(() => {
        if (userVersion(this.db) >= m.version) return;
        this.db.exec(m.sql);
        this.db.exec(`PRAGMA user_version = ${m.version}`);
      });
    }
  }
}

function userVersion(db: SqlDriver): number {
  return Number(db.prepare('PRAGMA user_version').get<{ user_version: number }>()?.user_version ?? 0);
}

function applyPragmas(db: SqlDriver): void {
  db.exec('PRAGMA busy_timeout = 10000');
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
}

/** Creates .mlops/ with its .gitignore and subfolders; returns the paths it created. */
export function ensureStoreFolders(workspaceRoot: string): string[] {
  const layout = storeLayout(workspaceRoot);
  const created: string[] = [];
  for (const dir of [layout.dir, layout.objects, layout.runs]) {
    if (!fs.existsSync(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      created.push(dir);
    }
  }
  if (!fs.existsSync(layout.gitignore)) {
    // Everything in .mlops/ is local state; mlops.json is what a team commits.
    fs.writeFileSync(layout.gitignore, '# MLOps Workbench local state: not for version control\n*\n');
    created.push(layout.gitignore);
  }
  return created;
}

export function storeExists(workspaceRoot: string): boolean {
  return fs.existsSync(storeLayout(workspaceRoot).database);
}

