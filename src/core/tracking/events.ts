// The run's JSONL events (DESIGN.md, "the logging protocol"), parsed and checked one line at a time.

export type RunEvent =
  | { type: 'metric'; key: string; value: number; step?: number; timestamp?: number }
  | { type: 'param'; key: string; value: unknown }
  | { type: 'tag'; key: string; value: string }
  | { type: 'artifact'; path: string }
  /** Register `path` (stored as an artifact) as a new version of `model` once the run finishes successfully. */
  | { type: 'register'; model: string; path: string; description?: string; tags?: Record<string, string> };

const nonFinite: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

// The exact shape the Python helper writes for a metric. A line matching it is valid JSON with this
// meaning, so it skips JSON.parse: ingestion of big logs is bound by this path.
const CANONICAL_METRIC =
  /^\{"type":"metric","key":"([^"\\\u0000-\u001f]+)","value":(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|"NaN"|"Infinity"|"-Infinity"),"step":(-?(?:0|[1-9]\d*)),"timestamp":((?:0|[1-9]\d*))\}$/;

/** A value nested many thousands deep parses, but storing it (JSON.stringify) runs out of stack. */
function storable(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  try {
    JSON.stringify(value);
    return true;
  } catch (err) {
    if (err instanceof RangeError) return false;
    throw err;
  }
}

/** Returns the event, or a message saying what is wrong with the line. */
export function parseEventLine(line: string): RunEvent | string {
  const m = CANONICAL_METRIC.exec(line);
  if (m) {
    const raw = m[2];
    const value = raw.charCodeAt(0) === 34 ? nonFinite[raw.slice(1, -1)] : Number(raw);
    return { type: 'metric', key: m[1], value, step: Number(m[3]), timestamp: Number(m[4]) };
  }
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (err) {
    return `not JSON (${(err as Error).message})`;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not a JSON object';
  const e = v as Record<string, unknown>;
  const key = typeof e.key === 'string' && e.key.length > 0 ? e.key : undefined;
  switch (e.type) {
    case 'metric': {
      if (key === undefined) return 'metric without a "key" string';
      const value = typeof e.value === 'number' ? e.value : typeof e.value === 'string' && e.value in nonFinite ? nonFinite[e.value] : undefined;
      if (value === undefined) return `metric "${key}" has no numeric "value"`;
      if (e.step !== undefined && e.step !== null && !Number.isInteger(e.step)) return `metric "${key}" has a non-integer "step"`;
      if (e.timestamp !== undefined && e.timestamp !== null && !Number.isFinite(e.timestamp)) return `metric "${key}" has a non-numeric "timestamp"`;
      return { type: 'metric', key, value, step: (e.step as number | null) ?? undefined, timestamp: (e.timestamp as number | null) ?? undefined };
    }
    case 'param':
      if (key === undefined) return 'param without a "key" string';
      if (!storable(e.value)) return `param "${key}" is nested too deeply to store`;
      return { type: 'param', key, value: e.value ?? null };
    case 'tag':
      if (key === undefined) return 'tag without a "key" string';
      if (!storable(e.value)) return `tag "${key}" is nested too deeply to store`;
      return { type: 'tag', key, value: typeof e.value === 'string' ? e.value : JSON.stringify(e.value ?? null) };
    case 'artifact':
      if (typeof e.path !== 'string' || !e.path) return 'artifact without a "path" string';
      return { type: 'artifact', path: e.path };
    case 'register':
      return parseRegister(e);
    default:
      return `unknown event type ${JSON.stringify(e.type)} (expected metric, param, tag, artifact or register)`;
  }
}

function parseRegister(e: Record<string, unknown>): RunEvent | string {
  if (typeof e.model !== 'string' || !e.model) return 'register without a "model" string';
  if (typeof e.path !== 'string' || !e.path) return `register of model "${e.model}" without a "path" string`;
  if (e.description !== undefined && e.description !== null && typeof e.description !== 'string') return `register of model "${e.model}" has a non-string "description"`;
  const tags = e.tags ?? {};
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags) || !Object.values(tags).every((v) => typeof v === 'string')) {
    return `register of model "${e.model}" has "tags" that are not an object of strings`;
  }
  return { type: 'register', model: e.model, path: e.path, description: (e.description as string | null) ?? undefined, tags: tags as Record<string, string> };
}
