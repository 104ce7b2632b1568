// The metric rows of the runs a pull page brings, in one statement: COPY ... TO STDOUT, parsed here.
// A plain SELECT of a million rows spends most of its time in pg's per-row parsing (measured about
// four times slower), and these rows are the bulk of what a first pull moves.
import { StringDecoder } from 'node:string_decoder';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { PulledMetric } from './applyRecordsShared';

/** What the metrics read needs: teamConnect's TeamDb (a transaction's client), or a pg.Pool. */
export interface MetricsSource {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  transaction?<T>(fn: (tx: { client: pg.PoolClient }) => Promise<T>): Promise<T>;
  connect?(): Promise<pg.PoolClient>;
  error?(err: unknown, sql?: string): unknown;
}

const SELECT = 'SELECT run_id, key, step, value, timestamp FROM mlops.run_metrics WHERE run_id = ANY($1)';

/** run id -> its metric rows (bigints as text, NULL value as null: NaN), for each of `ids`. */
export async function readRunMetrics(team: MetricsSource, ids: readonly string[]): Promise<Map<string, PulledMetric[]>> {
  const byRun = new Map<string, PulledMetric[]>(ids.map((id) => [id, []]));
  if (!ids.length) return byRun;
  const add = (runId: string, m: PulledMetric) => byRun.get(runId)?.push(m);
  if (team.transaction) {
    await team.transaction((tx) => copyRows(tx.client, ids, add).catch((err: unknown) => Promise.reject(team.error ? team.error(err) : err)));
  } else if (team.connect) {
    const client = await team.connect();
    try {
      await copyRows(client, ids, add);
    } finally {
      client.release();
    }
  } else {
    const { rows } = await team.query(SELECT, [ids]);
    for (const r of rows as (PulledMetric & { run_id: string })[]) add(r.run_id, r);
  }
  return byRun;
}

async function copyRows(client: pg.PoolClient, ids: readonly string[], add: (runId: string, m: PulledMetric) => void): Promise<void> {
  // COPY takes no parameters: the ids go in as escaped literals.
  const list = ids.map((id) => client.escapeLiteral(id)).join(',');
  const stream = client.query(copyTo(`COPY (SELECT run_id, key, step, value, timestamp FROM mlops.run_metrics WHERE run_id = ANY(ARRAY[${list}]::text[])) TO STDOUT`));
  const decoder = new StringDecoder('utf8');
  let rest = '';
  const line = (text: string) => {
    const f = text.split('\t');
    if (f.length !== 5) throw new Error(`team store: a metric row of COPY has ${f.length} fields, not 5: ${JSON.stringify(text.slice(0, 200))}`);
    add(unescape(f[0]), { key: unescape(f[1]), step: f[2], value: f[3] === '\\N' ? null : Number(f[3]), timestamp: f[4] });
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const lines = (rest + decoder.write(chunk)).split('\n');
    rest = lines.pop()!;
    for (const l of lines) line(l);
  }
  rest += decoder.end();
  if (rest) line(rest);
}

const escapes: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** COPY's text format escapes: backslash sequences for control characters and the backslash itself. */
function unescape(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return escapes[e] ?? e;
  });
}
