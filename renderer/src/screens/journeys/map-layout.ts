import { exitsOf, type JourneyDefinition } from '../../../../shared/journey/definition.ts';

export interface LayoutSize {
  nodeWidth: number;
  columnGap: number;
  rowGap: number;
}

/** Roomy when the map has space; tighter when it has not, so labels stay readable once the map is fitted. */
export const wideLayout: LayoutSize = { nodeWidth: 168, columnGap: 74, rowGap: 170 };
export const compactLayout: LayoutSize = { nodeWidth: 148, columnGap: 64, rowGap: 165 };

export type Positions = Map<string, { x: number; y: number }>;

/**
 * Left to right: a node's column is its longest distance from the entry (ignoring the edges that close
 * a cycle), and it sits level with its parents, branches spread above and below in path order.
 */
export function layoutJourney(definition: JourneyDefinition, size: LayoutSize = wideLayout): Positions {
  const nodes = definition.nodes;
  if (nodes.every((node) => node.position)) return new Map(nodes.map((node) => [node.id, node.position!]));

  const byId = new Map(nodes.map((node) => [node.id, node]));
  const children = new Map(nodes.map((node) => [node.id, exitsOf(node).map(([, target]) => target).filter((target): target is string => target !== null && byId.has(target))]));
  const entry = nodes.find((node) => node.type === 'entry_past' || node.type === 'entry_event') ?? nodes[0]!;

  // Depth-first order without back edges gives a topological order of the rest.
  const order: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const forward = new Set<string>();
  const visit = (id: string) => {
    state.set(id, 'open');
    for (const child of children.get(id) ?? []) {
      if (state.get(child) === 'open') continue;
      forward.add(`${id}>${child}`);
      if (!state.has(child)) visit(child);
    }
    state.set(id, 'done');
    order.unshift(id);
  };
  visit(entry.id);
  for (const node of nodes) if (!state.has(node.id)) visit(node.id);

  const column = new Map<string, number>(order.map((id) => [id, 0]));
  const parents = new Map<string, string[]>();
  for (const id of order) {
    for (const child of children.get(id) ?? []) {
      if (!forward.has(`${id}>${child}`)) continue;
      column.set(child, Math.max(column.get(child)!, column.get(id)! + 1));
      parents.set(child, [...(parents.get(child) ?? []), id]);
    }
  }

  const columns: string[][] = [];
  for (const id of order) (columns[column.get(id)!] ??= []).push(id);
  const y = new Map<string, number>();
  for (const ids of columns) {
    if (!ids) continue;
    const wanted = ids.map((id, index) => {
      const from = parents.get(id) ?? [];
      const base = from.length > 0 ? from.reduce((sum, parent) => sum + (y.get(parent) ?? 0), 0) / from.length : 0;
      // Siblings keep their path order (Matched above Timeout, Yes above No).
      const rank = from.length > 0 ? (children.get(from[0]!) ?? []).indexOf(id) : index;
      return { id, base, rank };
    }).sort((a, b) => a.base - b.base || a.rank - b.rank);
    const placed: number[] = [];
    wanted.forEach((item, index) => placed.push(index === 0 ? item.base : Math.max(item.base, placed[index - 1]! + size.rowGap)));
    const shift = wanted.reduce((sum, item, index) => sum + item.base - placed[index]!, 0) / wanted.length;
    wanted.forEach((item, index) => y.set(item.id, placed[index]! + shift));
  }
  return new Map(nodes.map((node) => [node.id, { x: (column.get(node.id) ?? 0) * (size.nodeWidth + size.columnGap), y: y.get(node.id) ?? 0 }]));
}
