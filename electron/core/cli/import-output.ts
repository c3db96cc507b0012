import { isWorkbookFormat } from '../../../shared/model/source-format.ts';
import type { ImportResult } from '../import/import-file.ts';
import { formatCount, formatPercent, textTable } from './text-table.ts';

export function importSummaryText(result: ImportResult): string {
  const lines: string[] = [];
  const how = [result.kind, isWorkbookFormat(result.format) ? `sheet "${result.sheet}"` : result.encoding,
    result.delimiter === '\t' ? 'tab-delimited' : result.delimiter && result.delimiter !== ',' ? `"${result.delimiter}"-delimited` : '']
    .filter(Boolean).join(', ');
  lines.push(`${result.status === 'committed' ? 'Imported and committed' : 'Staged'} batch ${result.id} from ${result.file} (${how})`);
  lines.push(`  ${formatCount(result.rows)} rows: ${formatCount(result.accepted)} accepted, ${formatCount(result.rejected)} rejected, ${formatCount(result.duplicates)} duplicates`);
  const issues = Object.entries(result.issues);
  if (issues.length > 0) lines.push(`  Issues: ${issues.map(([code, count]) => `${code} ${formatCount(count)}`).join(', ')}`);
  const stores = Object.entries(result.stores);
  if (stores.length > 0) {
    lines.push('  Missing user_id by store:');
    const table = textTable(['store', 'rows', 'missing', 'rate'],
      stores.map(([store, quality]) => [store, formatCount(quality.rows), formatCount(quality.missing_user_id), formatPercent(quality.rate)]), [1, 2, 3]);
    lines.push(...table.split('\n').map((line) => `    ${line}`));
  }
  for (const column of result.ignored_columns) lines.push(`  Column "${column.header}" is not stored: ${column.reason}`);
  if (result.events_committed !== undefined) lines.push(`  ${formatCount(result.events_committed)} events added to the store.`);
  if (result.status === 'staged') {
    if (result.rejected > 0) lines.push(`  Review: shopfloor rejected ${result.id}`);
    lines.push(`  Commit: shopfloor commit ${result.id}    Undo: shopfloor rollback ${result.id}`);
  }
  return `${lines.join('\n')}\n`;
}
