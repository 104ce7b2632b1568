// The jobs that run off the calling thread (the extension host's, above all): pure computation over
// files, no store access, so the caller records results in its own SQLite connection.
import type { CsvReadOptions } from '../data/readers/datasetReadOptions';
import type { TableFormat } from '../data/readers/types';
import { hashStable, snapshotFile } from '../data/fileSnapshot';
import { chunkDrift, type ChunkDriftArgs } from '../monitors/chunkDrift';
import { compareBatch, summarizeReference, type CompareBatchArgs, type SummarizeArgs } from '../drift/driftSteps';
import { profileFile, type ProfileOptions } from '../quality/profile';
import { profileCsvPart, type CsvPart } from '../quality/profileCsv';
import { validateFile } from '../quality/validate';
import type { TableValidation } from '../quality/validateNewVersions';

type Progress = (...args: never[]) => void;
interface TaskContext {
  signal: AbortSignal;
  progress: (...args: unknown[]) => void;
}

export const workerTasks = {
  /** Hash a file into the object cache (temp file + rename); the caller records the object. */
  snapshot: (a: { workspaceRoot: string; file: string; attempts?: number }, c: TaskContext) =>
    snapshotFile(a.workspaceRoot, a.file, { attempts: a.attempts, signal: c.signal, onProgress: c.progress }),
  hash: (a: { file: string }, c: TaskContext) => hashStable(a.file, { signal: c.signal, onProgress: c.progress }),
  profile: (a: { file: string; format?: TableFormat; csv?: CsvReadOptions; options?: Omit<ProfileOptions, 'signal' | 'onProgress'> }, c: TaskContext) =>
    profileFile(a.file, { ...a.options, format: a.format, csv: a.csv, signal: c.signal, onProgress: c.progress }),
  /** One part of a big CSV's profile (profileCsv): its figures as plain data, merged by the caller. */
  profileCsvPart: (a: CsvPart, c: TaskContext) => profileCsvPart(a, c.signal, c.progress),
  validate: (a: TableValidation, c: TaskContext) =>
    validateFile(a.file, a.expectations, { format: a.format, label: a.label, csv: a.csv, allowRagged: a.allowRagged, signal: c.signal, onProgress: c.progress }),
  /** A drift reference's summary (sorted values, counts): the caller stores it. */
  driftSummarize: (a: SummarizeArgs, c: TaskContext) => summarizeReference(a, { signal: c.signal, onProgress: c.progress }),
  /** A batch compared with a reference's summary: the report, and chunk scores for the caller to store. */
  driftCompare: (a: CompareBatchArgs, c: TaskContext) => compareBatch(a, { signal: c.signal, onProgress: c.progress }),
  /** A chunked monitor's batch compared chunk by chunk with the reference's summary. */
  driftChunks: (a: ChunkDriftArgs, c: TaskContext) => chunkDrift(a, c.signal),
} satisfies Record<string, (args: never, ctx: TaskContext) => Promise<unknown>>;

export type WorkerTaskName = keyof typeof workerTasks;
export type WorkerTaskArgs<K extends WorkerTaskName> = Parameters<(typeof workerTasks)[K]>[0];
export type WorkerTaskResult<K extends WorkerTaskName> = Awaited<ReturnType<(typeof workerTasks)[K]>>;
export type { Progress };
