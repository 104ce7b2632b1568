// A unified diff (as `diff -u` and git print it) for a change confined to one stretch of lines, such
// as an insert-only edit: the lines the texts share at both ends are context, the rest one hunk.

const splitLines = (text: string) => (text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/));

export function unifiedDiff(before: string, after: string, name: string, context = 3): string {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  if (head === a.length && head === b.length) return '';
  const from = Math.max(0, head - context);
  const aEnd = Math.min(a.length, a.length - tail + context);
  const bEnd = Math.min(b.length, b.length - tail + context);
  const range = (start: number, count: number) => `${count ? start + 1 : start},${count}`;
  return [
    `--- a/${name}`,
    `+++ b/${name}`,
    `@@ -${range(from, aEnd - from)} +${range(from, bEnd - from)} @@`,
    ...a.slice(from, head).map((l) => ' ' + l),
    ...a.slice(head, a.length - tail).map((l) => '-' + l),
    ...b.slice(head, b.length - tail).map((l) => '+' + l),
    ...a.slice(a.length - tail, aEnd).map((l) => ' ' + l),
  ].join('\n');
}
