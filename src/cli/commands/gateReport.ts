// mlops gate's three renderings of a GateResult: the terminal table, a pull-request comment body
// (Markdown) and JUnit XML (a case per metric), all worded by core's gateText.
import {
  gateAgainstText,
  gateChangeText,
  gateEvaluationDataText,
  gateRulesText,
  gateValueText,
  gateVerdictText,
} from '../../core/registry/gateText';
import type { GateResult } from '../../core/registry/types';
import { table } from '../table';
import { escape } from './junitReport';

const baselineHeader = (r: GateResult) => (r.against.version === null ? r.against.alias : `${r.model}@${r.against.version}`);

function rows(r: GateResult): string[][] {
  return r.metrics.map((m) => [
    m.metric,
    m.direction,
    gateValueText(m.candidate),
    r.against.version === null ? '-' : gateValueText(m.baseline),
    gateChangeText(m),
    gateRulesText(m),
    m.passed ? 'pass' : 'FAIL',
  ]);
}

/** The table, each metric's reasons, the evaluation data line, then PASS or FAIL. */
export function gateText(r: GateResult): string {
  const lines = [`Gate for ${r.model}: ${r.candidate} against ${gateAgainstText(r)}`, ''];
  lines.push(table(['METRIC', 'DIRECTION', 'CANDIDATE', baselineHeader(r), 'CHANGE', 'RULES', 'VERDICT'], rows(r)));
  const reasons = r.metrics.flatMap((m) => m.reasons.map((why) => `  ${m.metric}: ${why}`));
  if (reasons.length) lines.push('', ...reasons);
  lines.push('', gateEvaluationDataText(r), '', gateVerdictText(r));
  return lines.join('\n');
}

const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** A pull-request comment: a heading with the verdict, the table, the reasons and the evaluation data. */
export function gateMarkdown(r: GateResult): string {
  const candidate = r.candidate.includes('@') ? r.candidate : `run ${r.candidate}`;
  const lines = [
    `### ${r.passed ? '✅ Model gate passed' : '❌ Model gate failed'}: ${cell(r.model)}`,
    '',
    `Candidate \`${candidate}\` against \`${gateAgainstText(r)}\`.`,
    '',
    `| Metric | Direction | Candidate | ${cell(baselineHeader(r))} | Change | Rules | Verdict |`,
    '|---|---|---|---|---|---|---|',
    ...rows(r).map((cells, i) => `| ${cells.slice(0, -1).map(cell).join(' | ')} | ${r.metrics[i].passed ? '✅ pass' : '❌ fail'} |`),
  ];
  const reasons = r.metrics.flatMap((m) => m.reasons.map((why) => `- **${cell(m.metric)}**: ${cell(why)}`));
  if (reasons.length) lines.push('', ...reasons);
  lines.push('', gateEvaluationDataText(r), '');
  return lines.join('\n');
}

/** JUnit XML: one suite for the gate, a case per metric; a failed metric's reasons are its failure. */
export function gateJunit(r: GateResult): string {
  const failures = r.metrics.filter((m) => !m.passed).length;
  const suite = `${r.model}: ${r.candidate} against ${gateAgainstText(r)}`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mlops gate" tests="${r.metrics.length}" failures="${failures}">`,
    `  <testsuite name="${escape(suite)}" tests="${r.metrics.length}" failures="${failures}">`,
  ];
  for (const m of r.metrics) {
    lines.push(`    <testcase classname="${escape(`mlops.gate.${r.model}`)}" name="${escape(m.metric)}">`);
    const detail = `${m.direction}: candidate ${gateValueText(m.candidate)}, ${baselineHeader(r)} ${r.against.version === null ? '-' : gateValueText(m.baseline)}; rules ${gateRulesText(m)}`;
    if (!m.passed) lines.push(`      <failure message="${escape(m.reasons.join('; '))}" type="gate">${escape(detail)}</failure>`);
    else lines.push(`      <system-out>${escape([detail, ...m.reasons].join('\n'))}</system-out>`);
    lines.push('    </testcase>');
  }
  lines.push(`    <system-out>${escape(gateEvaluationDataText(r))}</system-out>`, '  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
