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

/** Verdict codes, in a typed array: a plain array of a row group's million verdicts would be slow. */
const UNJUDGED = 0;
const PASS = 1;
const FAIL = 2;

/** UNJUDGED for a null (undefined in `texts`), else PASS or FAIL. */
function testAll(re: RegExp, texts: (string | undefined)[]): Uint8Array {
  const out = new Uint8Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i];
    if (t !== undefined) out[i] = re.test(t) ? PASS : FAIL;
  }
  return out;
}

// The loop is this module's own function (a function compiled inside the context would run the
// regex across realms, several times slower); the vm call only lends it a timeout.
const context = vm.createContext({ testAll, re: /(?:)/, texts: [] as (string | undefined)[] });
const call = new vm.Script('testAll(re, texts)');

/** A verdict code per text, or undefined when the slice did not finish within the budget. */
function testSlice(re: RegExp, texts: (string | undefined)[], budgetMs: number): Uint8Array | undefined {
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
  /** Why the check stopped, naming the pattern; undefined while it runs within budget. A function
   * property, not a method: row checks pass it on unbound. */
  failure: () => string | undefined;
}

export function budgetedRegex(re: RegExp, budgetMs = REGEX_BUDGET_MS): BudgetedRegex {
  let verdicts: Uint8Array = new Uint8Array(0);
  let next = 0;
  let checked = 0;
  let failure: string | undefined;

  const run = (cells: (Cell | undefined)[]): Uint8Array => {
    if (failure) return new Uint8Array(cells.length);
    const texts = cells.map((c) => (cellKind(c) === 'null' ? undefined : String(c)));
    const out = new Uint8Array(cells.length);
    for (let s = 0; s < texts.length; s += SLICE) {
      const slice = texts.length <= SLICE ? texts : texts.slice(s, s + SLICE);
      const result = testSlice(re, slice, budgetMs);
      if (!result) {
        failure = `the pattern ${String(re)} did not finish within ${budgetMs / 1000} s on ${slice.length} values after the first ${checked} (it backtracks catastrophically on some value): simplify it, e.g. without a repeated group inside a repetition like (a+)+`;
        return out;
      }
      out.set(result, s);
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
      const code = next < verdicts.length ? verdicts[next++] : run([cell])[0];
      return code === UNJUDGED ? undefined : code === PASS;
    },
    failure: () => failure,
  };
}
