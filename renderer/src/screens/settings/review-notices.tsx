import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventPayload } from '../../../../shared/contract/events.ts';
import { api } from '../../api.ts';
import { useFormat } from '../../format.ts';
import { useApp } from '../../state/app-store.ts';
import './review-notices.css';

type Review = EventPayload<'automation.review'>;
type Failure = EventPayload<'automation.failed'>;

/**
 * App-wide notices for files a watched folder imported but would not commit by itself (too many
 * rejected rows), each linking to its batch in Uploads, and for files it could not import at all
 * (refused, out of memory or disk), linking to the automation settings. Each can be dismissed.
 */
export function ReviewNotices() {
  const { t } = useTranslation('settings');
  const format = useFormat();
  const go = useApp((state) => state.go);
  const [reviews, setReviews] = useState<Review[]>([]);
  const [failures, setFailures] = useState<Failure[]>([]);
  useEffect(() => api.on('automation.review', (review) => {
    setReviews((current) => [...current.filter((item) => item.batch_id !== review.batch_id), review]);
  }), []);
  useEffect(() => api.on('automation.failed', (failure) => {
    setFailures((current) => [...current.filter((item) => item.file !== failure.file), failure]);
  }), []);
  const dismiss = (batchId: number) => setReviews((current) => current.filter((item) => item.batch_id !== batchId));
  const dismissFailure = (file: string) => setFailures((current) => current.filter((item) => item.file !== file));
  return (
    <div className="review-notices" aria-live="polite">
      {(reviews.length > 0 || failures.length > 0) && (
        <section className="review-list" aria-label={t('review.label')}>
          {reviews.map((review) => (
            <div className="review-notice" key={review.batch_id}>
              <span aria-hidden="true" className="review-icon">!</span>
              <p>{t('review.text', { file: review.file, rate: format.percent(review.rejected_rate) })}</p>
              <button type="button" className="primary" onClick={() => { dismiss(review.batch_id); go('uploads', { batchId: review.batch_id }); }}>
                {t('review.open', { batch: review.batch_id })}
              </button>
              <button type="button" className="review-dismiss" aria-label={t('review.dismiss', { file: review.file })} onClick={() => dismiss(review.batch_id)}>×</button>
            </div>
          ))}
          {failures.map((failure) => (
            <div className="review-notice failed" key={failure.file}>
              <span aria-hidden="true" className="review-icon">×</span>
              <p>{t('review.failed', { file: failure.file })} <span className="review-detail">{failure.detail}</span></p>
              <button type="button" onClick={() => { dismissFailure(failure.file); go('settings'); }}>{t('review.openAutomation')}</button>
              <button type="button" className="review-dismiss" aria-label={t('review.dismiss', { file: failure.file })} onClick={() => dismissFailure(failure.file)}>×</button>
            </div>
          ))}
        </section>
      )}
    </div>
  );
}
