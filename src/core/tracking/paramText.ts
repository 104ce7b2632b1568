// The text a user types to run a config with params ("lr=0.01 epochs=5 note='first try'"): parsed
// and checked as a whole, so an input box can name the bad part while it is typed, and the launch
// reads exactly what was checked.
import type { Scalar } from '../config/types';
import { parseParamValue } from './params';

export interface ParamTextProblem {
  /** An error stops the launch; a warning (a name the config does not know) lets it go ahead. */
  severity: 'error' | 'warning';
  /** The part of the text at fault, as typed. */
  part: string;
  message: string;
}

export interface ParsedParamText {
  params: Record<string, Scalar>;
  problems: ParamTextProblem[];
}

interface Token {
  text: string;
  name: string;
  value: string;
  hasEquals: boolean;
  unterminated?: string;
}

/** Splits on whitespace; a value may be quoted ('...' or "...") to hold spaces. */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    let value = '';
    let unterminated: string | undefined;
    while (i < text.length && !/\s/.test(text[i])) {
      const c = text[i];
      if (c === '"' || c === "'") {
        const close = text.indexOf(c, i + 1);
        if (close < 0) {
          unterminated = c;
          value += text.slice(i + 1);
          i = text.length;
          break;
        }
        value += text.slice(i + 1, close);
        i = close + 1;
      } else {
        value += c;
        i++;
      }
    }
    const raw = text.slice(start, i);
    const eq = value.indexOf('=');
    out.push({ text: raw, name: eq < 0 ? value : value.slice(0, eq), value: eq < 0 ? '' : value.slice(eq + 1), hasEquals: eq >= 0, unterminated });
  }
  return out;
}

const kindOf = (v: Scalar): string => (typeof v === 'number' ? 'a number' : typeof v === 'boolean' ? 'true or false' : 'text');

/**
 * `NAME=VALUE` pairs separated by spaces. `known` holds the config's params and their defaults: a
 * value must have its default's type (a number stays a number), and a name outside them is a warning,
 * since the run records it but the config's command does not use it.
 */
export function parseParamText(text: string, known: Record<string, Scalar> = {}, configName = 'this run'): ParsedParamText {
  const params: Record<string, Scalar> = {};
  const problems: ParamTextProblem[] = [];
  const error = (part: string, message: string) => problems.push({ severity: 'error', part, message });
  const knownNames = Object.keys(known);
  const given = new Map<string, string>();
  for (const t of tokens(text)) {
    if (t.unterminated) {
      error(t.text, `${t.text} opens a quote (${t.unterminated}) it does not close: end the value with ${t.unterminated}.`);
      continue;
    }
    if (!t.hasEquals || !t.name) {
      error(t.text, `"${t.text}" is not NAME=VALUE: give each param as NAME=VALUE, separated by spaces (lr=0.01 epochs=5).`);
      continue;
    }
    const earlier = given.get(t.name);
    if (earlier !== undefined) {
      error(t.text, `${t.name} is given twice (${earlier} and ${t.text}): keep one.`);
      continue;
    }
    given.set(t.name, t.text);
    const hasDefault = Object.hasOwn(known, t.name);
    if (t.value === '' && !/["']/.test(t.text)) {
      error(t.text, `${t.text} has no value: write ${t.name}=VALUE${hasDefault ? `, or leave ${t.name} out to keep its default (${String(known[t.name])})` : ''}; quote an empty text ("").`);
      continue;
    }
    // A quoted value is text as typed; a bare one is typed as `--param` types it.
    const value = /["']/.test(t.text) ? t.value : parseParamValue(t.value);
    if (hasDefault) {
      const expected = known[t.name];
      if (typeof expected !== 'string' && typeof value !== typeof expected) {
        error(t.text, `${t.text}: ${t.name} is ${kindOf(expected)} (its default is ${String(expected)}).`);
        continue;
      }
    } else {
      problems.push({
        severity: 'warning',
        part: t.text,
        message: `${t.name} is not a param of ${configName}${knownNames.length ? ` (its params: ${knownNames.join(', ')})` : ''}: check the spelling; it is recorded with the run, but only a param the command uses as \${params.${t.name}} changes what runs.`,
      });
    }
    params[t.name] = value;
  }
  return { params, problems };
}

/** Params as the text parseParamText reads back: a value with spaces or quotes is quoted. */
export function formatParamText(params: Record<string, Scalar>): string {
  return Object.entries(params)
    .map(([k, v]) => {
      const s = String(v);
      const needsQuotes = typeof v === 'string' && (s === '' || /[\s"']/.test(s) || typeof parseParamValue(s) !== 'string');
      return `${k}=${needsQuotes ? (s.includes('"') ? `'${s}'` : `"${s}"`) : s}`;
    })
    .join(' ');
}
