import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format.ts';
import { useApp } from '../../state/app-store.ts';
import { BatchReview } from '../uploads/batch-review.tsx';
import { useImport } from './import-store.ts';

/** The staged batch: what was read and why rows were refused, then one click to sync it. */
export function ImportReview() {
  const { t } = useTranslation('import');
  const { number } = useFormat();
  const batch = useImport((state) => state.batch);
  const committing = useImport((state) => state.committing);
  const synced = useImport((state) => state.synced);
  const commit = useImport((state) => state.commit);
  const reset = useImport((state) => state.reset);
  const go = useApp((state) => state.go);
  const heading = useRef<HTMLHeadingElement>(null);
  // Japanese and Chinese put no space between sentences; English does.
  const sentences = (first: string, second: string) => (second ? t('review.sentences', { first, second }) : first);
  const batchId = batch?.id;
  // The import was started from the bottom of a long page: bring the result into view, and focus to it.
  useEffect(() => {
    if (batchId === undefined) return;
    heading.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus({ preventScroll: true });
  }, [batchId]);
  if (!batch) return null;
  const staged = batch.status === 'staged';

  return (
    <section className="panel" aria-labelledby="review-title">
      <div className="review-head">
        <h3 id="review-title" ref={heading} tabIndex={-1}>{t('review.title')}</h3>
        <span className={`badge ${batch.status}`}>{t(`common:batchStatus.${batch.status}`)}</span>
      </div>
      <div className="sync-bar">
        {staged ? (
          <>
            <p className="sync-explain">
              {sentences(
                batch.kind === 'members'
                  ? t('review.explainMembers', { count: batch.accepted, accepted: number(batch.accepted) })
                  : t('review.explainEvents', { count: batch.accepted, accepted: number(batch.accepted) }),
                batch.rejected > 0 ? t('review.rejectedStay', { count: batch.rejected, rejected: number(batch.rejected) }) : '',
              )}
            </p>
            <button type="button" className="primary sync-button" disabled={committing} onClick={() => void commit()}>
              {committing ? t('review.syncing') : t('review.sync')}
            </button>
          </>
        ) : (
          <div className="notice sync-done" role="status">
            {sentences(
              synced
                ? (batch.kind === 'members'
                  ? t('review.syncedProfiles', { count: synced.profiles, profiles: number(synced.profiles) })
                  : t('review.syncedEvents', { count: synced.events, events: number(synced.events) }))
                : t(`common:batchStatus.${batch.status}`),
              t('review.undoHint'),
            )}
          </div>
        )}
        <div className="sync-actions">
          <button type="button" onClick={() => go('uploads', { batchId: batch.id })}>{t('review.openInUploads')}</button>
          <button type="button" onClick={reset}>{t('review.another')}</button>
        </div>
      </div>
      <BatchReview batch={batch} />
    </section>
  );
}
