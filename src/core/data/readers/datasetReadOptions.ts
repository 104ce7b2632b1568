// How a dataset's tables are read, from its entry in mlops.json: CSV lines to skip before the header
// and comment lines. Given options (the CLI's --skip-rows and --comment) win over the entry's.
import type { DatasetConfig } from '../../config/types';
import type { CsvOptions } from './csv';

export type CsvReadOptions = Pick<CsvOptions, 'skipRows' | 'comment'>;

export function datasetCsvOptions(dataset: DatasetConfig | undefined, given: CsvReadOptions = {}): CsvReadOptions {
  const skipRows = given.skipRows ?? dataset?.skipRows;
  const comment = given.comment ?? dataset?.comment;
  return { ...(skipRows !== undefined ? { skipRows } : {}), ...(comment !== undefined ? { comment } : {}) };
}
