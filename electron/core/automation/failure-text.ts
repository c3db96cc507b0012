import { isShopfloorError } from '../errors.ts';

// What went wrong, without a word read from the file: errors of a hand-made import quote headers, cells
// or sheet names to help, but a watched folder's outcome is shown and kept where no one chose to open that file.
const REASONS: Readonly<Record<string, string>> = {
  unmapped_required: 'a column Shopfloor needs (such as the member ID or the purchase time) was not found',
  bad_mapping: 'the columns do not fit the mapping remembered for this layout',
  timezone_required: 'its times have no UTC offset and the folder has no store time zone: set one',
  unknown_time_zone: "the folder's time zone is not a time zone",
  no_header: 'the file is empty',
  encoding_mismatch: 'its text is not in the encoding it seemed to be',
  runaway_field: 'a quoted field never ends (broken quoting)',
  file_not_found: 'the file went away before it was read',
  not_a_file: 'the file went away before it was read',
  reader_failed: 'reading the file stopped',
  out_of_memory: 'reading it needed more memory than an import may use',
  disk_full: 'the disk is too full to import it',
  too_many_columns: 'it has more columns than an import may have',
  too_many_attributes: 'it would add more new attributes than an import may',
  xlsx_too_large: 'the workbook holds more than an import may read (it may be built to fill the disk)',
  workbook_too_large: 'the workbook is larger than Shopfloor reads in its format: save it as .xlsx or CSV',
  encoding_unsure: 'its text encoding cannot be told for sure: import it by hand and choose the encoding',
};

/** One line for a watched file that failed to import: the reason and its code, and where to see more. */
export function watchedFailureText(error: unknown): string {
  const code = isShopfloorError(error) ? error.code : 'internal';
  const reason = REASONS[code] ?? (code.startsWith('xlsx_') ? 'the workbook cannot be read' : 'the file could not be imported');
  const row = isShopfloorError(error) && error.location?.row !== undefined ? `, row ${error.location.row}` : '';
  return `${reason} (${code}${row}); nothing was saved. Import the file by hand to see the details`;
}
