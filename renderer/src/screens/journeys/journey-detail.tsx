import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JourneyDefinition, JourneyNode } from '../../../../shared/journey/definition.ts';
import { applyFix, checkJourney, type CheckWarning } from '../../../../shared/journey/journey-check.ts';
import { parseJourney } from '../../../../shared/journey/parse-journey.ts';
import { api } from '../../api.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { errorMessage, useLoad } from '../../hooks/use-api.ts';
import { useApp } from '../../state/app-store.ts';
import { CheckBar } from './check-bar.tsx';
import { JourneyActions } from './journey-actions.tsx';
import { JourneyMap, type MapOverlays } from './journey-map.tsx';
import { JourneyStats } from './journey-stats.tsx';
import type { Positions } from './map-layout.ts';
import { NodePanel } from './node-panel.tsx';
import { PreviewPanel, type PreviewOutput } from './preview-panel.tsx';
import { ResultsPanel } from './results-panel.tsx';
import { Tabs } from './tabs.tsx';
import { TestUserPanel } from './test-user-panel.tsx';

const DAY = 86_400_000;
const PANEL_WIDTH = 300;

/** One journey: its map with the journey check on the nodes, editing, preview, test, and going live. */
export function JourneyDetail({ id }: { id: number }) {
  const { t } = useTranslation(['journeys', 'common']);
  const go = useApp((state) => state.go);
  const loaded = useLoad(() => api.call('journeys.get', { id }), [id], ['journeys']);
  const check = useLoad(() => api.call('journeys.check', { id }), [id], ['batches']);
  const { data: record, setData: setRecord } = loaded;
  const [draft, setDraft] = useState<JourneyDefinition | null>(null);
  const [panel, setPanel] = useState<{ node: string | null } | null>(null);
  const [preview, setPreview] = useState<PreviewOutput | null>(null);
  const [path, setPath] = useState<string[] | null>(null);
  // Until one is chosen: the results of a journey that has run, the preview of a draft.
  const [chosenTab, setTab] = useState<'results' | 'preview' | 'test' | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [leaving, setLeaving] = useState(false);

  const definition = draft ?? record?.definition ?? null;
  const editable = record?.state === 'draft' || record?.state === 'paused';
  const lagMs = check.data?.lag.ms ?? DAY;
  // The check is isomorphic: run it here on every edit, before anything is saved.
  const warnings = useMemo(() => (definition ? checkJourney(definition, lagMs) : []), [definition, lagMs]);
  const problems = useMemo(() => {
    if (!draft) return [];
    const parsed = parseJourney(draft);
    return parsed.ok ? [] : parsed.problems;
  }, [draft]);

  const save = useCallback(async (next: JourneyDefinition, messageKey: string) => {
    setSaving(true);
    setError(null);
    setNotice(null);
    try {
      setRecord(await api.call('journeys.update', { id, definition: next }));
      setDraft(null);
      setNotice(messageKey);
    } catch (failure) {
      setError(t('detail.notSaved', { message: errorMessage(failure) }));
    } finally {
      setSaving(false);
    }
  }, [id, setRecord, t]);

  const fix = useCallback((warning: CheckWarning) => {
    if (!definition || !warning.fix) return;
    void save(applyFix(definition, warning.fix), 'check.fixed');
  }, [definition, save]);

  const overlays: MapOverlays = useMemo(() => ({
    warnings,
    lagMs,
    preview: preview ? {
      withGrace: Object.fromEntries(Object.entries(preview.with_grace.nodes).map(([node, counts]) => [node, counts.reached])),
      withoutGrace: preview.without_grace ? Object.fromEntries(Object.entries(preview.without_grace.nodes).map(([node, counts]) => [node, counts.reached])) : null,
    } : null,
    waiting: record && record.state !== 'draft' ? record.stats.waiting_at : null,
    path,
  }), [lagMs, path, preview, record, warnings]);

  const move = useCallback((positions: Positions) => {
    if (!definition || !editable) return;
    setDraft({ ...definition, nodes: definition.nodes.map((node) => ({ ...node, position: positions.get(node.id) ?? node.position })) });
  }, [definition, editable]);

  const changeNode = (next: JourneyNode) => {
    if (!definition) return;
    setNotice(null);
    setDraft({ ...definition, nodes: definition.nodes.map((node) => (node.id === next.id ? next : node)) });
  };

  if (!record || !definition) {
    return (
      <section aria-labelledby="screen-title">
        <button type="button" className="link back" onClick={() => go('journeys')}>{t('detail.back')}</button>
        <h2 id="screen-title">{t('title')}</h2>
        {loaded.loading ? <p className="muted">{t('common:status.loading')}</p> : <ErrorMessage message={loaded.error} onRetry={loaded.reload} />}
      </section>
    );
  }

  const dirty = draft !== null;
  const tab = chosenTab ?? (record.state === 'draft' ? 'preview' : 'results');
  const lockedReason = record.state === 'active' ? t('detail.lockedActive') : record.state === 'stopped' ? t('detail.lockedStopped') : null;
  return (
    <section className="journey-detail" aria-labelledby="screen-title">
      <button type="button" className="link back" onClick={() => (dirty ? setLeaving(true) : go('journeys'))}>{t('detail.back')}</button>
      <div className="detail-head">
        <h2 id="screen-title" className="detail-title">{definition.name}</h2>
        <span className={`badge ${record.state}`}>{t(`state.${record.state}`)}</span>
        {dirty && <span className="badge unsaved">{t('detail.unsaved')}</span>}
        <span className="spacer" />
        <button type="button" onClick={() => setPanel({ node: null })}>{t('detail.settings')}</button>
        {dirty && <button type="button" onClick={() => { setDraft(null); setError(null); }}>{t('detail.discard')}</button>}
        {editable && (
          <button type="button" className="primary" disabled={!dirty || saving || problems.length > 0} onClick={() => draft && void save(draft, 'detail.saved')}>
            {saving ? t('detail.saving') : t('common:actions.save')}
          </button>
        )}
        <JourneyActions record={record} dirty={dirty} onChanged={(next) => { setRecord(next); setNotice(null); }} onError={setError} />
      </div>
      {record.state !== 'draft' && <JourneyStats record={record} />}
      <ErrorMessage message={error} />
      {problems.length > 0 && (
        <div className="error" role="alert">
          <span>{t('detail.problems', { problems: problems.map((problem) => (problem.node ? `${problem.node}: ${problem.message}` : problem.message)).join('; ') })}</span>
        </div>
      )}
      {notice && <p className="notice" role="status">{t(notice)}</p>}
      <CheckBar lag={check.data?.lag ?? null} lagMs={lagMs} warnings={warnings} definition={definition} onShow={(node) => setPanel({ node })} />
      <JourneyMap definition={definition} overlays={overlays} selectedId={panel?.node ?? null} editable={editable} panelInset={panel ? PANEL_WIDTH : 0}
        onSelect={(node) => setPanel(node ? { node } : null)} onFix={editable && !saving ? fix : null} onMove={move}>
        {panel && (
          <NodePanel definition={definition} selectedId={panel.node} editable={editable} controlFixed={record.activated_at !== null} warnings={warnings} lagMs={lagMs} lockedReason={lockedReason}
            onChangeNode={changeNode} onChangeDefinition={(next) => { setNotice(null); setDraft(next); }}
            onFix={editable ? fix : null} fixing={saving} onClose={() => setPanel(null)} />
        )}
      </JourneyMap>
      {!panel && lockedReason && <p className="muted small">{lockedReason}</p>}
      <Tabs<'results' | 'preview' | 'test'> label={t('detail.tools')} current={tab} onChange={setTab}
        tabs={[...(record.state === 'draft' ? [] : [{ id: 'results' as const, label: t('results.tab') }]), { id: 'preview', label: t('preview.tab') }, { id: 'test', label: t('test.tab') }]}>
        {tab === 'results' ? <ResultsPanel record={record} />
          : tab === 'preview'
            ? <PreviewPanel journeyId={record.id} definition={definition} disabledReason={problems.length > 0 ? t('preview.fixProblems') : null} result={preview} onResult={setPreview} />
            : <TestUserPanel journeyId={record.id} definition={record.definition} unsaved={dirty} onPath={setPath} />}
      </Tabs>
      {leaving && (
        <ConfirmDialog title={t('detail.leaveTitle')} confirmLabel={t('detail.leave')} danger onConfirm={() => go('journeys')} onCancel={() => setLeaving(false)}>
          <p>{t('detail.leaveBody')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

