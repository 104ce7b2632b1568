// JUnit XML of a validation, as CI systems (GitHub Actions reporters, GitLab, Jenkins) display it:
// a suite per checked file, a case per expectation; failing warnings are reported but do not fail.
import type { ValidationResult } from '../../core/quality/validate';

export interface DatasetValidation extends ValidationResult {
  dataset: string;
}

export const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export function junitReport(validations: DatasetValidation[]): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  // Many ragged rows fail the table as a case of its own.
  const failures = (v: DatasetValidation) => v.results.filter((r) => !r.success && r.severity === 'error').length + (v.raggedFailed ? 1 : 0);
  const cases = (v: DatasetValidation) => v.results.length + (v.raggedFailed ? 1 : 0);
  const total = validations.reduce((n, v) => n + cases(v), 0);
  lines.push(`<testsuites name="mlops validate" tests="${total}" failures="${validations.reduce((n, v) => n + failures(v), 0)}">`);
  for (const v of validations) {
    lines.push(`  <testsuite name="${escape(`${v.dataset} (${v.file})`)}" tests="${cases(v)}" failures="${failures(v)}">`);
    for (const r of v.results) {
      const name = `${r.expect}${r.column ? ' ' + r.column : ''} #${r.index + 1}`;
      lines.push(`    <testcase classname="${escape(`mlops.${v.dataset}`)}" name="${escape(name)}" file="${escape(v.file)}">`);
      const detail = [
        r.message ?? (r.checked !== undefined ? `${r.unexpectedCount} of ${r.checked} rows unexpected` : `observed ${JSON.stringify(r.observed)}`),
        ...r.unexpectedRows.map((u) => `${v.file}:${u.line}: ${JSON.stringify(u.value)}`),
      ].join('\n');
      if (!r.success && r.severity === 'error') lines.push(`      <failure message="${escape(r.message ?? (r.checked !== undefined ? `${r.unexpectedCount} of ${r.checked} rows unexpected` : `observed ${JSON.stringify(r.observed)}`))}" type="${escape(r.expect)}">${escape(detail)}</failure>`);
      else if (!r.success) lines.push(`      <system-out>${escape('warning: ' + detail)}</system-out>`);
      lines.push('    </testcase>');
    }
    if (v.raggedFailed) {
      const message = `${v.raggedRows} ragged rows, left out of every check (set "allowRagged": true on the dataset to allow them)`;
      lines.push(`    <testcase classname="${escape(`mlops.${v.dataset}`)}" name="raggedRows" file="${escape(v.file)}">`, `      <failure message="${escape(message)}" type="raggedRows"/>`, '    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
