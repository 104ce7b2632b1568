// --skip-rows and --comment, shared by every command that reads tables (profile, validate,
// expectations suggest, data diff). Without them, the dataset's own skipRows and comment apply.
import type { CsvReadOptions } from '../core/data/readers/datasetReadOptions';
import { UsageError, type CommandContext, type OptionSpec } from './command';

export const tableReadOptions: OptionSpec = { 'skip-rows': { type: 'string' }, comment: { type: 'string' } };

export const tableReadOptionHelp: Record<string, string> = {
  '--skip-rows N': 'CSV: skip N lines before the header (default: the dataset\'s "skipRows", else leading lines whose field count differs from the rows after them, with a notice)',
  '--comment C': 'CSV: skip lines that start with the character C, e.g. "#" (default: the dataset\'s "comment")',
};

/** The flags as reader options; a bad value is a usage error naming the flag and the fix. */
export function csvReadFlags(ctx: CommandContext): CsvReadOptions {
  const skip = ctx.values['skip-rows'];
  const comment = ctx.values.comment;
  const out: CsvReadOptions = {};
  if (typeof skip === 'string') {
    if (!/^\d+$/.test(skip)) throw new UsageError(`--skip-rows ${skip}: give a number of lines, 0 or more.`);
    out.skipRows = Number(skip);
  }
  if (typeof comment === 'string') {
    if (comment.length !== 1 || /["\r\n]/.test(comment)) throw new UsageError(`--comment ${JSON.stringify(comment)}: give one character, e.g. --comment "#".`);
    out.comment = comment;
  }
  return out;
}
