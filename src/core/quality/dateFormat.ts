// strftime formats (as Python's strptime reads them) turned into a checker for dateFormat expectations.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const DIRECTIVES: Record<string, { re: string; field?: string }> = {
  Y: { re: '(\\d{4})', field: 'year' },
  y: { re: '(\\d{2})', field: 'year2' },
  m: { re: '(\\d{1,2})', field: 'month' },
  d: { re: '(\\d{1,2})', field: 'day' },
  H: { re: '(\\d{1,2})', field: 'hour' },
  I: { re: '(\\d{1,2})', field: 'hour12' },
  p: { re: '(AM|PM|am|pm)' },
  M: { re: '(\\d{1,2})', field: 'minute' },
  S: { re: '(\\d{1,2})', field: 'second' },
  f: { re: '(\\d{1,6})' },
  z: { re: '(Z|[+-]\\d{2}:?\\d{2})' },
  j: { re: '(\\d{1,3})', field: 'yday' },
  b: { re: '([A-Za-z]{3})', field: 'mon' },
  B: { re: '([A-Za-z]{3,9})', field: 'monthName' },
  a: { re: '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)' },
  A: { re: '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)' },
  '%': { re: '%' },
};

export class DateFormatError extends Error {}

/** A test for text written in `format`: shape by regex, then ranges and real calendar days. */
export function dateFormatChecker(format: string): (text: string) => boolean {
  const fields: (string | undefined)[] = [];
  let re = '^';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%') {
      re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      continue;
    }
    const d = DIRECTIVES[format[++i]];
    if (!d) throw new DateFormatError(`"${format}": %${format[i] ?? ''} is not a supported directive (use %Y %y %m %d %H %I %p %M %S %f %z %j %b %B %a %A %%).`);
    re += d.re;
    if (d.re.startsWith('(') && !d.re.startsWith('(?:')) fields.push(d.field);
  }
  const pattern = new RegExp(re + '$');
  return (text) => {
    const m = pattern.exec(text);
    if (!m) return false;
    const v: Record<string, number> = {};
    fields.forEach((f, k) => {
      if (!f) return;
      const s = m[k + 1];
      if (f === 'mon') v.month = MONTHS.indexOf(s.toLowerCase()) + 1;
      else if (f === 'monthName') v.month = FULL.indexOf(s.toLowerCase()) + 1;
      else v[f] = Number(s);
    });
    if (v.month !== undefined && (v.month < 1 || v.month > 12)) return false;
    if ((v.hour ?? 0) > 23 || (v.minute ?? 0) > 59 || (v.second ?? 0) > 61) return false;
    if (v.hour12 !== undefined && (v.hour12 < 1 || v.hour12 > 12)) return false;
    if (v.yday !== undefined && (v.yday < 1 || v.yday > 366)) return false;
    if (v.day !== undefined) {
      const year = v.year ?? (v.year2 !== undefined ? 2000 + v.year2 : 2000); // no year given: 2000, a leap year, so Feb 29 is accepted
      const days = new Date(Date.UTC(year, v.month ?? 1, 0)).getUTCDate();
      if (v.day < 1 || v.day > days) return false;
    }
    return true;
  };
}
