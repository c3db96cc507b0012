import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { useLoad } from '../hooks/use-api.ts';
import { useApp } from '../state/app-store.ts';
import { BatchDetail } from './uploads/batch-detail.tsx';
import { BatchList } from './uploads/batch-list.tsx';
import './uploads/uploads.css';

/** Uploads: every batch; open one to review its rows, export what was refused, sync or undo it. */
export function UploadsScreen() {
  const { t } = useTranslation('uploads');
  const focusBatch = useApp((state) => state.focus.batchId);
  const [open, setOpen] = useState<number | null>(focusBatch ?? null);
  useEffect(() => setOpen(focusBatch ?? null), [focusBatch]);
  const list = useLoad(() => api.call('batches.list', {}).then((result) => result.batches), [], ['batches']);

  return (
    <section aria-labelledby="screen-title" className="uploads-screen">
      <div className="screen-head">
        <h2 id="screen-title">{t('common:nav.uploads')}</h2>
        {open === null && <p className="muted screen-intro">{t('list.intro')}</p>}
      </div>
      {open === null
        ? <BatchList batches={list.data} error={list.error} onRetry={list.reload} onOpen={setOpen} />
        : <BatchDetail key={open} id={open} onBack={() => setOpen(null)} />}
    </section>
  );
}
