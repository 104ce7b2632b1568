import * as fs from 'node:fs';
import type { Store } from '../store/store';
import { parseEventLine, type RunEvent } from './events';
import { setParams, setTags } from './runRecords';

export interface IngestProblem {
  line: number;
  message: string;
}

export interface IngestResult {
  lines: number;
  metrics: number;
  problems: IngestProblem[];
  /** Artifact paths logged in this batch (stored as objects by the launcher). */
  artifacts: string[];
  /** Models the run asked to register (their paths are logged as artifacts too); the launcher registers them when the run succeeds. */
  registrations: Array<Omit<Extract<RunEvent, { type: 'register' }>, 'type'>>;
}

const CHUNK = 8 << 20;
const MAX_STORED_PROBLEMS = 1000;
// Metric rows go in multi-row INSERTs: one statement call per BATCH rows instead of per row.
const BATCH = 256;

/**
 * Tails one run's events.jsonl into the store. Each chunk of complete lines is applied in one
 * transaction together with the new byte offset, so a crash at any point neither loses nor doubles
 * an event; a partial last line waits for the next call.
 */
export class EventIngestor {
  private readonly lastStep = new Map<string, number>();
  private readonly insertMetric;
  private readonly insertMetricBatch;
  private readonly pending: (string | number | null)[] = [];
  private readonly insertProblem;
  private readonly insertArtifact;
  private readonly saveOffset;

  constructor(
    private readonly store: Store,
    private readonly runId: string,
    private readonly file: string,
  ) {
    const db = store.db;
    this.insertMetric = db.prepare('INSERT INTO metrics (run_id, key, step, value, timestamp) VALUES (?, ?, ?, ?, ?)');
    this.insertMetricBatch = db.prepare(`INSERT INTO metrics (run_id, key, step, value, timestamp) VALUES ${Array(BATCH).fill('(?, ?, ?, ?, ?)').join(', ')}`);
    this.insertProblem = db.prepare('INSERT OR IGNORE INTO ingest_problems (run_id, line_no, message) VALUES (?, ?, ?)');
    this.insertArtifact = db.prepare(`INSERT OR IGNORE INTO artifacts (run_id, path, hash, size) VALUES (?, ?, '', 0)`);
    this.saveOffset = db.prepare(
      `INSERT INTO ingest_offsets (run_id, byte_offset, line_no, malformed) VALUES (?, ?, ?, ?)
       ON CONFLICT (run_id) DO UPDATE SET byte_offset = excluded.byte_offset, line_no = excluded.line_no, malformed = excluded.malformed`,
    );
  }

  private position(): { offset: number; line: number; malformed: number } {
    const row = this.store.db
      .prepare('SELECT byte_offset, line_no, malformed FROM ingest_offsets WHERE run_id = ?')
      .get<{ byte_offset: number; line_no: number; malformed: number }>(this.runId);
    return row ? { offset: Number(row.byte_offset), line: Number(row.line_no), malformed: Number(row.malformed) } : { offset: 0, line: 0, malformed: 0 };
  }

  private nextStep(key: string, explicit: number | undefined): number {
    let last = this.lastStep.get(key);
    if (last === undefined) {
      const row = this.store.db.prepare('SELECT MAX(step) AS s FROM metrics WHERE run_id = ? AND key = ?').get<{ s: number | null }>(this.runId, key);
      last = row?.s === null || row?.s === undefined ? -1 : Number(row.s);
    }
    const step = explicit ?? last + 1;
    this.lastStep.set(key, step);
    return step;
  }

  private queueMetric(key: string, step: number, value: number, timestamp: number): void {
    this.pending.push(this.runId, key, step, Number.isNaN(value) ? null : value, timestamp);
    if (this.pending.length === BATCH * 5) {
      this.insertMetricBatch.run(...this.pending);
      this.pending.length = 0;
    }
  }

  private flushMetrics(): void {
    for (let i = 0; i < this.pending.length; i += 5) this.insertMetric.run(...this.pending.slice(i, i + 5));
    this.pending.length = 0;
  }

  /** Reads what was appended since the last call. */
  ingest(): IngestResult {
    const result: IngestResult = { lines: 0, metrics: 0, problems: [], artifacts: [], registrations: [] };
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return result;
      throw err;
    }
    try {
      let { offset, line, malformed } = this.position();
      const size = fs.fstatSync(fd).size;
      let chunk = CHUNK;
      while (offset < size) {
        const len = Math.min(chunk, size - offset);
        const buf = Buffer.allocUnsafe(len);
        const read = fs.readSync(fd, buf, 0, len, offset);
        const end = buf.subarray(0, read).lastIndexOf(10);
        if (end < 0) {
          if (offset + read >= size) break; // a partial last line: wait for its newline
          chunk *= 2; // one line longer than the chunk: read more at once
          continue;
        }
        const text = buf.subarray(0, end + 1).toString('utf8');
        const startLine = line;
        const applied = this.store.transaction(() => {
          let n = startLine;
          let bad = malformed;
          for (let from = 0, nl = text.indexOf('\n'); nl >= 0; from = nl + 1, nl = text.indexOf('\n', from)) {
            n++;
            const l = text.charCodeAt(nl - 1) === 13 ? text.slice(from, nl - 1) : text.slice(from, nl);
            if (!l.trim()) continue;
            const event = parseEventLine(l);
            if (typeof event === 'string') {
              bad++;
              if (bad <= MAX_STORED_PROBLEMS) this.insertProblem.run(this.runId, n, event);
              result.problems.push({ line: n, message: event });
              continue;
            }
            switch (event.type) {
              case 'metric':
                this.queueMetric(event.key, this.nextStep(event.key, event.step), event.value, event.timestamp ?? Date.now());
                result.metrics++;
                break;
              case 'param':
                setParams(this.store, this.runId, { [event.key]: event.value });
                break;
              case 'tag':
                setTags(this.store, this.runId, { [event.key]: event.value });
                break;
              case 'artifact':
                this.insertArtifact.run(this.runId, event.path);
                result.artifacts.push(event.path);
                break;
              case 'register':
                this.insertArtifact.run(this.runId, event.path);
                result.artifacts.push(event.path);
                result.registrations.push({ model: event.model, path: event.path, description: event.description, tags: event.tags });
                break;
            }
          }
          this.flushMetrics();
          this.saveOffset.run(this.runId, offset + end + 1, n, bad);
          return { n, bad };
        });
        result.lines += applied.n - startLine;
        line = applied.n;
        malformed = applied.bad;
        offset += end + 1;
        chunk = CHUNK;
      }
    } catch (err) {
      // A failed transaction rolled back: the step counters may be ahead of the store, so drop them.
      this.lastStep.clear();
      this.pending.length = 0;
      throw err;
    } finally {
      fs.closeSync(fd);
    }
    return result;
  }
}

export function ingestProblems(store: Store, runId: string): { count: number; first: IngestProblem[] } {
  const count = Number(store.db.prepare('SELECT malformed FROM ingest_offsets WHERE run_id = ?').get<{ malformed: number }>(runId)?.malformed ?? 0);
  const first = store.db
    .prepare('SELECT line_no AS line, message FROM ingest_problems WHERE run_id = ? ORDER BY line_no LIMIT 100')
    .all<IngestProblem>(runId)
    .map((p) => ({ line: Number(p.line), message: p.message }));
  return { count, first };
}
