import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventPayload } from '../../../../shared/contract/events.ts';
import { api } from '../../api.ts';
import { useFormat } from '../../format.ts';
import { useApp } from '../../state/app-store.ts';
import './review-notices.css';

type Review = EventPayload<'automation.review'>;

/**
 * App-wide notices for files a watched folder imported but would not commit by itself (too many
 * rejected rows): each links to its batch in Uploads and can be dismissed.
 */
export function ReviewNotices() {
  const { t } = useTranslation('settings');
  const format = useFormat();
  const go = useApp((state) => state.go);
  const [reviews, setReviews] = useState<Review[]>([]);
  useEffect(() => api.on('automation.review', (review) => {
    setReviews((current) => [...current.filter((item) => item.batch_id !== review.batch_id), review]);
  }), []);
  const dismiss = (batchId: number) => setReviews((current) => current.filter((item) => item.batch_id !== batchId));
  return (
    <div className="review-notices" aria-live="polite">
      {reviews.length > 0 && (
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
        </section>
      )}
    </div>
  );
}
