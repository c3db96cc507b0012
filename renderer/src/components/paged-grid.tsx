import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type ReactNode } from 'react';

const PAGE = 200;
const ROW_HEIGHT = 32;

export interface GridColumn<Row> {
  key: string;
  header: string;
  width: number;
  render(row: Row): ReactNode;
}

/**
 * A virtualised grid over rows that stay in the core: only the pages in view are fetched, so a
 * million-row batch scrolls as smoothly as a ten-row one and never lands in the renderer whole.
 */
export function PagedGrid<Row>({ label, total, columns, fetchPage, rowClass, resetKey }: {
  label: string;
  total: number;
  columns: ReadonlyArray<GridColumn<Row>>;
  fetchPage(offset: number, limit: number): Promise<Row[]>;
  rowClass?(row: Row): string | undefined;
  /** Changing it (a new filter) drops the cached pages. */
  resetKey: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [pages, setPages] = useState<Map<number, Row[]>>(new Map());
  const loading = useRef(new Set<number>());
  // Pages asked for before a reset (a new filter) must not land in the new view.
  const generation = useRef(0);
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  const items = virtualizer.getVirtualItems();

  useEffect(() => {
    generation.current++;
    setPages(new Map());
    loading.current.clear();
    // A new list starts at its top, not at the old list's scroll position.
    scroller.current?.scrollTo({ top: 0 });
  }, [resetKey]);

  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    for (let page = Math.floor(first / PAGE); page <= Math.floor(last / PAGE); page++) {
      if (pages.has(page) || loading.current.has(page) || page * PAGE >= total) continue;
      loading.current.add(page);
      const asked = generation.current;
      fetchPage(page * PAGE, PAGE).then((rows) => {
        if (asked !== generation.current) return;
        loading.current.delete(page);
        setPages((current) => new Map(current).set(page, rows));
      }, () => {
        // Asked again when the view moves, rather than left loading for ever.
        if (asked === generation.current) loading.current.delete(page);
      });
    }
  }, [first, last, pages, total, fetchPage]);

  const width = columns.reduce((sum, column) => sum + column.width, 0);
  return (
    <div className="grid" role="grid" aria-label={label} aria-rowcount={total + 1}>
      <div ref={scroller} className="grid-scroller">
        <div style={{ width }}>
          <div className="grid-row grid-header" role="row" aria-rowindex={1}>
            {columns.map((column) => <div key={column.key} role="columnheader" className="grid-cell" style={{ width: column.width }} title={column.header}>{column.header}</div>)}
          </div>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = pages.get(Math.floor(item.index / PAGE))?.[item.index % PAGE];
              return (
                <div key={item.key} role="row" aria-rowindex={item.index + 2} className={`grid-row ${row ? (rowClass?.(row) ?? '') : 'loading'}`}
                  style={{ position: 'absolute', top: 0, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, width }}>
                  {columns.map((column) => <div key={column.key} role="gridcell" className="grid-cell" style={{ width: column.width }}>{row ? column.render(row) : ''}</div>)}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
