// The table readers' public surface.
export { openTable, formatOf, type OpenTableOptions } from './openTable';
export { openCsv, type CsvOptions } from './csv';
export { openJsonl, type JsonlOptions } from './jsonl';
export { openParquet } from './parquet';
export { sniffDelimiter, detectHeader } from './csvSniff';
export * from './inferTypes';
export * from './types';
