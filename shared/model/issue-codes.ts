/**
 * Stable validation codes (PRODUCT.md §2). Errors reject a row; warnings keep it.
 * `duplicate` is also an outcome of its own.
 */
export const issueCodes = {
  missing_user_id: 'error',
  invalid_timestamp: 'error',
  invalid_number: 'error',
  invalid_boolean: 'error',
  invalid_email: 'warning',
  invalid_phone: 'warning',
  type_conflict: 'error',
  duplicate: 'error',
  footer_row: 'error',
  repeated_header: 'error',
  cell_too_large: 'error',
  missing_event_name: 'error',
  malformed_row: 'error',
  invalid_user_id: 'error',
  erased_user: 'error',
} as const;

export type IssueCode = keyof typeof issueCodes;

export function isError(code: IssueCode): boolean {
  return issueCodes[code] === 'error';
}

/** One problem found on a row: which column (header text) and the value read there. */
export interface RowIssue {
  code: IssueCode;
  column?: string;
  value?: string;
  detail?: string;
}

export const issueDescriptions: Record<IssueCode, string> = {
  missing_user_id: 'user_id is blank: the row cannot become an event or a profile',
  invalid_timestamp: 'not a date and time Shopfloor can read',
  invalid_number: 'not a number',
  invalid_boolean: 'not a yes/no value',
  invalid_email: 'not a valid email address (the profile is kept; email cannot be used)',
  invalid_phone: 'not a valid phone number (the profile is kept; SMS cannot be used)',
  type_conflict: 'the attribute already holds another type of value',
  duplicate: 'the same record is earlier in the file or already in the store',
  footer_row: 'a footer or total row, not a customer record',
  repeated_header: 'a repeated header line',
  cell_too_large: 'a cell is larger than 64 KB',
  missing_event_name: 'the event name is blank',
  malformed_row: 'the quoting of this line is broken (a stray or missing ")',
  invalid_user_id: 'user_id holds a control character (NUL, a line break, an escape…): the same id without it would be another customer',
  erased_user: 'this customer was erased at their request; their rows are not imported until the erasure is lifted (shopfloor erase --lift)',
};
