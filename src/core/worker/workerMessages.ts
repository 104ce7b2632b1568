// What crosses between a worker and its caller: errors keep their class, so callers' `instanceof`
// checks (a reader's file:line error, a cancellation) behave as if the work had run in-thread.
import { FileChangingError } from '../data/fileSnapshot';
import { TableReadError } from '../data/readers/types';
import { DriftAborted } from '../drift/columnData';
import { DriftInputError } from '../drift/compare';
import { ProfileAborted } from '../quality/profile';

export type WorkerMessage =
  | { type: 'progress'; args: unknown[] }
  | { type: 'result'; result: unknown }
  | { type: 'error'; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  fields?: Record<string, unknown>;
}

export function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const e = err as Error & { code?: string };
  if (err instanceof TableReadError) return { name: 'TableReadError', message: e.message, fields: { file: err.file, line: err.line, problem: err.problem, hint: err.hint } };
  if (err instanceof FileChangingError) return { name: 'FileChangingError', message: e.message, fields: { file: err.file } };
  // DriftInputError keeps Error's name: the class is told by instanceof here.
  if (err instanceof DriftInputError) return { name: 'DriftInputError', message: e.message };
  return { name: e.name, message: e.message, code: typeof e.code === 'string' ? e.code : undefined };
}

export function deserializeError(s: SerializedError): Error {
  const f = s.fields ?? {};
  if (s.name === 'TableReadError') return new TableReadError(f.file as string, f.line as number, f.problem as string, f.hint as string | undefined);
  if (s.name === 'FileChangingError') {
    const e = new FileChangingError(f.file as string, 0);
    e.message = s.message;
    return e;
  }
  if (s.name === 'DriftInputError') return new DriftInputError(s.message);
  if (s.name === 'DriftAborted') return new DriftAborted();
  if (s.name === 'AbortError' && /Profiling/.test(s.message)) return new ProfileAborted();
  const e = new Error(s.message) as Error & { code?: string };
  e.name = s.name;
  if (s.code) e.code = s.code;
  return e;
}
