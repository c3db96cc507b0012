import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

/** Tabs with the ARIA pattern: arrow keys move between tabs, the panel is labelled by its tab. */
export function Tabs<Id extends string>({ label, tabs, current, onChange, children }: {
  label: string;
  tabs: ReadonlyArray<{ id: Id; label: string }>;
  current: Id;
  onChange(id: Id): void;
  children: ReactNode;
}) {
  const base = useId();
  const refs = useRef(new Map<Id, HTMLButtonElement>());
  const onKey = (event: KeyboardEvent) => {
    const index = tabs.findIndex((tab) => tab.id === current);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = tabs[(index + step + tabs.length) % tabs.length]!;
    onChange(next.id);
    refs.current.get(next.id)?.focus();
  };
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tab-list" onKeyDown={onKey}>
        {tabs.map((tab) => (
          <button key={tab.id} type="button" role="tab" id={`${base}-${tab.id}`} aria-selected={tab.id === current} aria-controls={`${base}-panel`}
            tabIndex={tab.id === current ? 0 : -1} className={tab.id === current ? 'tab active' : 'tab'} onClick={() => onChange(tab.id)}
            ref={(element) => { if (element) refs.current.set(tab.id, element); else refs.current.delete(tab.id); }}>
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-${current}`} className="tab-panel">{children}</div>
    </div>
  );
}
