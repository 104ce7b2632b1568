import type { Scalar } from '../config/types';
import { shellQuote } from './shellQuote';

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


/** Replaces ${params.NAME} in a command; an unknown NAME is an error listing the known ones. */
export function substituteParams(command: string, params: Record<string, Scalar>): string {
  return command.replace(/\$\{params\.([^}]+)\}/g, (_, name: string) => {
    if (!(name in params)) {
      const known = Object.keys(params);
      throw new ParamError(`The command uses \${params.${name}} but no param "${name}" is set${known.length ? ` (params: ${known.join(', ')})` : ''}; add it to "params" or pass --param ${name}=VALUE.`);
    }
    // Quoted for the shell when needed, so a value never splits the command.
    return shellQuote(String(params[name]));
  });
}
