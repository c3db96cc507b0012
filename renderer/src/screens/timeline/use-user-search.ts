import { useEffect, useRef, useState } from 'react';
import { api } from '../../api.ts';
import { errorMessage } from '../../hooks/use-api.ts';

export interface UserHit {
  userId: string;
  /** Null for a customer known only from events (a POS member id with no membership row yet). */
  profile: Record<string, unknown> | null;
}

const DEBOUNCE_MS = 250;
const LIMIT = 20;

/**
 * Customers whose id, email or phone contains the text; plus the exact id typed when it has events
 * but no profile, since a till records member ids that no membership sheet has brought in yet.
 */
export function useUserSearch(text: string) {
  const [hits, setHits] = useState<UserHit[] | null>(null);
  /** The (trimmed) text `hits` answer: while a newer search runs, they are the previous text's. */
  const [hitsFor, setHitsFor] = useState<string | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const [version, setVersion] = useState(0);
  const latest = useRef(0);

  useEffect(() => api.on('data.changed', (payload) => {
    if (payload.what === 'users' || payload.what === 'batches') setVersion((value) => value + 1);
  }), []);

  useEffect(() => {
    const call = ++latest.current;
    setSearching(true);
    const timer = setTimeout(() => {
      void (async () => {
        try {
          const query = text.trim();
          const found = await api.call('users.search', { text: query, limit: LIMIT });
          let list: UserHit[] = found.users.map((user) => ({ userId: user.user_id, profile: user }));
          let count = found.total;
          if (query !== '' && !list.some((hit) => hit.userId === query)) {
            const timeline = await api.call('timeline.get', { userId: query });
            if (timeline.events.length > 0 || timeline.staged_profile) {
              list = [{ userId: query, profile: null }, ...list];
              count++;
            }
          }
          if (call !== latest.current) return;
          setHits(list);
          setHitsFor(query);
          setTotal(count);
          setError(null);
        } catch (failure) {
          if (call === latest.current) setError(errorMessage(failure));
        } finally {
          if (call === latest.current) setSearching(false);
        }
      })();
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, version]);

  return { hits, hitsFor, total, error, searching };
}
