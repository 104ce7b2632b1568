// A stage's `metrics` file: a JSON object the stage writes ({"auc": 0.91, "val": {"loss": 0.3}}),
// logged into the stage's run so runs compare and gates read them like any logged metric.
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The numbers in a metrics file, nested keys joined with '/' ("val/loss"). Strings, booleans,
 * arrays and nulls are not metrics and are left out. Throws, naming the file, when it is missing or
 * not a JSON object.
 */
export function readStageMetrics(workspaceRoot: string, file: string): Record<string, number> {
  const abs = path.resolve(workspaceRoot, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(abs, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'it was not written' : (err as Error).message;
    throw new Error(`metrics file ${file}: ${why}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`metrics file ${file} is not a JSON object`);
  const out: Record<string, number> = {};
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      const key = prefix ? `${prefix}/${k}` : k;
      if (typeof v === 'number') out[key] = v;
      else if (v && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, key);
    }
  };
  walk(parsed as Record<string, unknown>, '');
  return out;
}
