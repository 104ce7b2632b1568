import { globalOptionHelp, type Command } from './command';
import { maxOf } from '../shared/boundedSpread';

const pad = (s: string, n: number) => (s.length >= n ? s + '  ' : s + ' '.repeat(n - s.length));

export function mainHelp(commands: Command[], version: string): string {
  const width = maxOf(commands.map((c) => c.name.length), 0) + 2;
  return [
    `mlops ${version}: MLOps Workbench on the command line (runs, data, quality, models, drift, teams).`,
    '',
    'Usage: mlops <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${pad(c.name, width)}${c.summary}`),
    '',
    'Examples:',
    ...commands.flatMap((c) => c.examples.slice(0, 2).map((e) => `  ${e}`)),
    '',
    'Options for every command:',
    ...Object.entries(globalOptionHelp).map(([k, v]) => `  ${pad(k, 22)}${v}`),
    `  ${pad('--version', 22)}print the version`,
    '',
    'Exit codes: 0 success, 1 a check failed, 2 a usage or input error, 70 an internal error (a bug: --debug prints its stack trace), 74 the disk is full.',
    'The workspace is the nearest folder at or above the current one holding mlops.json or .mlops/.',
    'Run `mlops <command> --help` for a command\'s options.',
  ].join('\n');
}

export function commandHelp(c: Command): string {
  const options = { ...(c.optionHelp ?? {}), ...globalOptionHelp };
  return [
    `${c.usage}`,
    '',
    c.summary.charAt(0).toUpperCase() + c.summary.slice(1) + '.',
    '',
    'Options:',
    ...Object.entries(options).map(([k, v]) => `  ${pad(k, 22)}${v}`),
    '',
    'Examples:',
    ...c.examples.map((e) => `  ${e}`),
  ].join('\n');
}
