import type { Scalar } from '../config/types';
import { substituteTemplate, TemplateError } from './commandTemplate';

export class ParamError extends Error {}

/** `--param lr=0.1` values: numbers and booleans keep their type, anything else is a string. */
export function parseParamValue(raw: string): Scalar {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw.trim())) return Number(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return raw;
}

export function parseParamOverrides(pairs: string[]): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ParamError(`--param expects NAME=VALUE, got "${pair}" (e.g. --param lr=0.01)`);
    out[pair.slice(0, eq).trim()] = parseParamValue(pair.slice(eq + 1));
  }
  return out;
}


/**
 * Replaces ${params.NAME} in a command, each value quoted for the shell context it stands in (see
 * commandTemplate.ts); an unknown NAME is an error listing the known ones.
 */
export function substituteParams(command: string, params: Record<string, Scalar>): string {
  try {
    return substituteTemplate(command, (name) => {
      if (!(name in params)) {
        const known = Object.keys(params);
        throw new ParamError(`The command uses \${params.${name}} but no param "${name}" is set${known.length ? ` (params: ${known.join(', ')})` : ''}; add it to "params" or pass --param ${name}=VALUE.`);
      }
      return String(params[name]);
    });
  } catch (err) {
    throw err instanceof TemplateError ? new ParamError(err.message) : err;
  }
}
