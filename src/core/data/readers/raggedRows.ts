// When ragged rows (a field count other than the header's) are more than a slip: a profile says so,
// and validation fails the table unless its dataset allows them ("allowRagged": true).

/** Ragged rows a table may have before they are reported as a problem of the table. */
export const FEW_RAGGED_ROWS = 3;

export const manyRagged = (ragged: number): boolean => ragged > FEW_RAGGED_ROWS;

/** The notice for a table with many ragged rows and the ways out (the caller names the file). */
export function raggedNotice(ragged: number, records: number): string {
  return (
    `${ragged} of ${records} rows are ragged (their field count differs from the header's) and are left out, not padded. ` +
    'Fix the rows (`mlops validate` lists their lines), skip lines above the header (--skip-rows N), or declare the dataset with "allowRagged": true.'
  );
}
