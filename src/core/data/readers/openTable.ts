// One entry point for every table format: picks the reader by the format asked for, else by extension.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openCsv, type CsvOptions } from './csv';
import { openJsonl, type JsonlOptions } from './jsonl';
import { openParquet } from './parquet';
import { TableReadError, type Table, type TableFormat } from './types';

export interface OpenTableOptions {
  format?: TableFormat;
  csv?: CsvOptions;
  jsonl?: JsonlOptions;
}

const EXTENSIONS: Record<string, TableFormat> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
  '.psv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

/** The format a path's extension names, or undefined. */
export function formatOf(file: string): TableFormat | undefined {
  return EXTENSIONS[path.extname(file).toLowerCase()];
}

export async function openTable(file: string, opts: OpenTableOptions = {}): Promise<Table> {
  const format = opts.format ?? formatOf(file);
  if (!format) {
    throw new TableReadError(file, 0, `cannot tell the table format from the extension "${path.extname(file)}".`, 'Use .csv, .tsv, .jsonl, .ndjson or .parquet, or name the format (--format csv|jsonl|parquet).');
  }
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new TableReadError(file, 0, code === 'ENOENT' ? 'no such file.' : `cannot be read (${code ?? (err as Error).message}).`, code === 'ENOENT' ? 'Check the path.' : undefined);
  }
  if (stat.isDirectory()) throw new TableReadError(file, 0, 'is a folder, not a table file.', 'Name a file inside it.');
  switch (format) {
    case 'csv':
      return openCsv(file, { ...(path.extname(file).toLowerCase() === '.tsv' && !opts.csv?.delimiter ? { delimiter: '\t' } : {}), ...opts.csv });
    case 'jsonl':
      return openJsonl(file, opts.jsonl);
    case 'parquet':
      return openParquet(file);
  }
}
