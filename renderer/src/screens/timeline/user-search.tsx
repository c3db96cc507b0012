import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useFormat } from '../../format.ts';
import { useUserSearch, type UserHit } from './use-user-search.ts';

function describe(hit: UserHit): string[] {
  if (!hit.profile) return [];
  return ['name', 'email', 'phone', 'tier'].map((key) => hit.profile?.[key]).filter((value): value is string => typeof value === 'string' && value !== '');
}

/**
 * A search box that lists matching customers as you type (the ARIA combobox pattern: arrows move
 * through the suggestions, Enter opens the highlighted one, Escape closes the list). Enter pressed
 * before the suggestions for what was typed are in — a card reader types the id and Enter at once —
 * opens the first of them when they arrive, never a suggestion left from earlier text.
 */
export function UserSearch({ selected, onSelect }: { selected: string | null; onSelect(userId: string): void }) {
  const { t } = useTranslation('timeline');
  const { number } = useFormat();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [enterPending, setEnterPending] = useState(false);
  const { hits, hitsFor, total, error, searching } = useUserSearch(text);
  const inputId = useId();
  const listId = useId();
  const list = hits ?? [];
  const showList = open && list.length > 0;

  const current = hitsFor === text.trim();

  const choose = (hit: UserHit | undefined) => {
    if (!hit) return;
    onSelect(hit.userId);
    setOpen(false);
  };
  useEffect(() => {
    if (!enterPending || !current) return;
    setEnterPending(false);
    const first = hits?.[0];
    if (first) {
      onSelect(first.userId);
      setOpen(false);
    }
  }, [enterPending, current, hits, onSelect]);
  const onKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return; // Enter and arrows belong to the input method while it composes
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      // The first arrow only opens a closed list, on the highlighted suggestion.
      if (showList) setActive((index) => Math.min(list.length - 1, Math.max(0, index + step)));
      setOpen(true);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (current) choose(list[active] ?? list[0]);
      else setEnterPending(true);
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  };
  const status = error ? '' : searching && !hits ? t('search.searching')
    : list.length === 0 ? (text.trim() ? t('search.none', { text: text.trim() }) : t('search.noneAtAll'))
      : t('search.found', { count: total, formatted: number(total) });

  return (
    <div className="user-search">
      <label htmlFor={inputId} className="search-label">{t('search.label')}</label>
      <div className="search-box">
        <span className="search-icon" aria-hidden="true">⌕</span>
        <input
          id={inputId} type="search" role="combobox" autoComplete="off" spellCheck={false}
          placeholder={t('search.placeholder')} value={text}
          aria-expanded={showList} aria-controls={listId} aria-autocomplete="list"
          aria-activedescendant={showList && list[active] ? `${listId}-${active}` : undefined}
          onChange={(event) => {
            setText(event.target.value);
            setActive(0);
            setOpen(true);
            setEnterPending(false);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKey}
        />
        {showList && (
          <ul className="search-results" role="listbox" id={listId} aria-label={t('search.results')}>
            {list.map((hit, index) => (
              <li
                key={hit.userId} id={`${listId}-${index}`} role="option" aria-selected={index === active}
                className={[index === active ? 'active' : '', hit.userId === selected ? 'selected' : ''].join(' ')}
                onMouseDown={(event) => event.preventDefault()}
                onMouseEnter={() => setActive(index)}
                onClick={() => choose(hit)}
              >
                <span className="hit-id">{hit.userId}</span>
                <span className="hit-more" title={describe(hit).join(' · ')}>{hit.profile ? describe(hit).join(' · ') : t('search.eventsOnly')}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <p className="search-status muted" role="status">{status}</p>
      <ErrorMessage message={error} />
    </div>
  );
}
