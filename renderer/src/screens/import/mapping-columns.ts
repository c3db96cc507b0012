import type { Inspection } from '../../../../shared/contract/schemas.ts';
import { attributeNameFromHeader, isValidAttributeName } from '../../../../shared/import/attribute-name.ts';
import { SKIP } from '../../../../shared/import/column-mapping.ts';
import { isTargetName } from '../../../../shared/model/targets.ts';

export type ColumnUse = { kind: 'target'; name: string } | { kind: 'custom'; name: string } | { kind: 'skipped' };

export interface ColumnView {
  index: number;
  header: string;
  samples: string[];
  use: ColumnUse;
}

export type Override = [string, string];

const SAMPLES = 3;

/** Each column of the file as the mapping table shows it, from the core's answer (the single source of truth). */
export function columnsOf(inspection: Inspection): ColumnView[] {
  const nameOf = new Map<string, string>();
  for (const [name, header] of Object.entries(inspection.mapping)) if (!nameOf.has(header)) nameOf.set(header, name);
  return inspection.headers.map((header, index) => {
    const name = nameOf.get(header);
    const use: ColumnUse = name === undefined ? { kind: 'skipped' } : isTargetName(name) ? { kind: 'target', name } : { kind: 'custom', name };
    return { index, header, samples: inspection.samples.slice(0, SAMPLES).map((row) => row[index] ?? ''), use };
  });
}

/** A name the user may give a custom attribute: `[a-z_][a-z0-9_]*` and not one of the known fields. */
export function isCustomName(name: string): boolean {
  return isValidAttributeName(name) && !isTargetName(name);
}

/** The name a column would get as a custom attribute, when its header gives one. */
export function suggestedCustomName(column: ColumnView): string {
  if (column.use.kind === 'custom') return column.use.name;
  const automatic = attributeNameFromHeader(column.header);
  return automatic !== null && isCustomName(automatic) ? automatic : '';
}

/**
 * The override that makes a column be used as asked. Overrides are kept in the order given (never
 * merged): the core applies them one by one, and an earlier one can have moved a field off a column.
 */
export function overrideFor(column: ColumnView, use: ColumnUse): Override | null {
  if (use.kind === 'target' || use.kind === 'custom') return [use.name, column.header];
  if (column.use.kind === 'skipped') return null;
  return [SKIP, column.header];
}
