// What one `mlops model` subcommand is, and the output helpers they share. The dispatcher
// (model.ts) lists the verbs; a new verb is one file exporting a ModelVerb and one line there.
import type { ModelVersion } from '../../core/registry/types';
import { UsageError, type CommandContext, type OptionSpec } from '../command';
import { formatTime } from '../time';

export interface ModelVerb {
  /** The word after `mlops model`. */
  name: string;
  /** Without the `mlops model ` prefix: `register NAME --run RUN [--artifact PATH]`. */
  usage: string;
  /** A verb with several forms (alias set, rm, history): one help line each, instead of `usage`. */
  forms?: string[];
  examples: string[];
  /** Merged into `mlops model`'s options: a name two verbs share must mean the same type. */
  options?: OptionSpec;
  optionHelp?: Record<string, string>;
  run(ctx: CommandContext): number | Promise<number>;
}

/** A version as --json prints it: times in ISO 8601, like every other command's JSON. */
export function versionJson(v: ModelVersion) {
  return { ...v, ref: `${v.model}@${v.version}`, createdAt: new Date(v.createdAt).toISOString() };
}

/** The one line a version gets in tables and messages. */
export function versionLine(v: ModelVersion): string {
  const aliases = v.aliases.length ? ` [${v.aliases.join(', ')}]` : '';
  return `${v.model}@${v.version}${aliases}, ${v.artifact.kind} ${v.artifact.path} (sha256 ${v.artifact.hash.slice(0, 12)}), registered ${formatTime(v.createdAt)} by ${v.registeredBy}`;
}

/** `Usage: mlops model ...`, a line per form: the hint under a usage error. */
export function usageHint(verb: Pick<ModelVerb, 'usage' | 'forms'>): string {
  return `Usage: ${(verb.forms ?? [verb.usage]).map((u) => `mlops model ${u}`).join('\n       ')}`;
}

/** Exactly `count` positionals, else a UsageError with the verb's usage. */
export function positionals(ctx: CommandContext, verb: ModelVerb, names: string[]): string[] {
  if (ctx.args.length !== names.length) {
    const what = ctx.args.length < names.length ? `missing ${names.slice(ctx.args.length).join(' ')}` : `unexpected "${ctx.args.slice(names.length).join(' ')}"`;
    throw new UsageError(`${verb.name}: ${what}.`, usageHint(verb));
  }
  return ctx.args;
}

/** A string option's value (the last one given), or undefined. */
export function stringOption(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof last === 'string' ? last : undefined;
}

/** A repeatable string option's values, in order. */
export function listOption(ctx: CommandContext, name: string): string[] {
  const v = ctx.values[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

/** `K=V` pairs into a record; a UsageError names the malformed one. */
export function parseTags(pairs: string[], verb: Pick<ModelVerb, 'usage' | 'forms'>): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`"${pair}" is not a tag: write KEY=VALUE (e.g. team=growth).`, usageHint(verb));
    tags[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return tags;
}
