// The PostgreSQL harness typed for team init and access tests: one cluster per test file, a fresh
// database per test (roles are cluster-wide; the schema's DO blocks tolerate existing ones).
// @ts-expect-error: the harness is plain JavaScript
import { startPostgres } from '../../harness/postgres.mjs';

export interface PgCluster {
  url: string;
  port: number;
  createDatabase(name: string): Promise<string>;
  createLogin(name: string, password: string): Promise<void>;
  urlFor(user: string, password: string | undefined, db?: string): string;
  stop(): Promise<void>;
}

export const startCluster = startPostgres as () => Promise<PgCluster>;

let count = 0;

/** A fresh database's name and its superuser URL. */
export async function freshDatabase(cluster: PgCluster, prefix = 'team'): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${process.pid}_${++count}`;
  return { name, url: await cluster.createDatabase(name) };
}
