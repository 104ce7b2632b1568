// A regex expectation under a time budget: a pattern that backtracks catastrophically on some value
// (`(a+)+$` against "aaaa...b") would hold validation for hours. Values are tested in slices inside a
// vm context whose timeout interrupts the match; a slice past the budget fails the expectation,
// naming the pattern, and its remaining values go unchecked.
import * as vm from 'node:vm';
import type { Cell } from '../data/readers/types';
import { cellKind } from '../data/readers/inferTypes';

/** The most one slice of values may take: generous for any linear pattern on SLICE values. */
export const REGEX_BUDGET_MS = 2000;
/** Values per timed call: a call costs about 0.2 ms (a watchdog thread), so slices keep that negligible. */
const SLICE = 4096;

const context = vm.createContext({ re: /(?:)/, texts: [] as string[] });
vm.runInContext('function testAll(re, texts) { const out = new Uint8Array(texts.length); for (let i = 0; i < texts.length; i++) out[i] = re.test(texts[i]) ? 1 : 0; return out; }', context);
const call = new vm.Script('testAll(re, texts)');

/** 1 or 0 per text, or undefined when the slice did not finish within the budget. */
function testSlice(re: RegExp, texts: string[], budgetMs: number): Uint8Array | undefined {
  context.re = re;
  context.texts = texts;
  try {
    return call.runInContext(context, { timeout: budgetMs }) as Uint8Array;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return undefined;
    throw err;
  } finally {
    context.texts = [];
  }
}

export interface BudgetedRegex {
  /** Tests a batch's values ahead of the per-row calls of `verdict`, one slice at a time. */
  prepare(cells: (Cell | undefined)[]): void;
  /** The next value's verdict, in the order prepared: undefined for a null or once the budget was spent. */
  verdict(cell: Cell | undefined): boolean | undefined;
  /** Why the check stopped, naming the pattern; undefined while it runs within budget. */
  failure(): string | undefined;
}

export function budgetedRegex(re: RegExp, budgetMs = REGEX_BUDGET_MS): BudgetedRegex {
  let verdicts: (boolean | undefined)[] = [];
  let next = 0;
  let checked = 0;
  let failure: string | undefined;
  const isNull = (c: Cell | undefined) => cellKind(c) === 'null';

  const run = (cells: (Cell | undefined)[]): (boolean | undefined)[] => {
    const out: (boolean | undefined)[] = new Array(cells.length).fill(undefined);
    if (failure) return out;
    const at: number[] = [];
    const texts: string[] = [];
    cells.forEach((c, i) => {
      if (isNull(c)) return;
      at.push(i);
      texts.push(String(c));
    });
    for (let s = 0; s < texts.length; s += SLICE) {
      const slice = texts.slice(s, s + SLICE);
      const result = testSlice(re, slice, budgetMs);
      if (!result) {
        failure = `the pattern ${String(re)} did not finish within ${budgetMs / 1000} s on ${slice.length} values after the first ${checked} (it backtracks catastrophically on some value): simplify it, e.g. without a repeated group inside a repetition like (a+)+`;
        return out;
      }
      for (let k = 0; k < result.length; k++) out[at[s + k]] = result[k] === 1;
      checked += slice.length;
    }
    return out;
  };

  return {
    prepare(cells) {
      verdicts = run(cells);
      next = 0;
    },
    verdict(cell) {
      // Prepared in order; a value not prepared (a caller without batches) is tested on its own, under the same budget.
      if (next < verdicts.length) return verdicts[next++];
      return run([cell])[0];
    },
    failure: () => failure,
  };
}
