import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, transport } from '../../api.ts';
import { useFormat } from '../../format.ts';
import { formatBytes } from './format-bytes.ts';
import { useImport } from './import-store.ts';

function FileIcon() {
  return (
    <svg className="file-icon" viewBox="0 0 24 24" width="26" height="26" aria-hidden="true" focusable="false">
      <path d="M6 2h8l5 5v15H6z" fill="#e6efff" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
      <path d="M14 2v5h5M9 12h7M9 15.5h7M9 19h4" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/**
 * Choosing a file: in Electron main's own dialog (and drops arrive as `files.dropped`, resolved to
 * a path by the preload); in the browser harness a file input and a drop anywhere on the window.
 */
export function FilePicker({ busy }: { busy: boolean }) {
  const { t } = useTranslation('import');
  const { locale } = useFormat();
  const file = useImport((state) => state.file);
  const uploading = useImport((state) => state.uploading);
  const upload = useImport((state) => state.upload);
  const open = useImport((state) => state.open);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let depth = 0;
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth++;
      setDragging(true);
    };
    const over = (event: DragEvent) => {
      if (carriesFiles(event)) event.preventDefault();
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      const dropped = event.dataTransfer?.files[0];
      if (dropped && transport.kind === 'harness' && !busy) void upload(() => transport.fromFile(dropped));
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [upload, busy]);

  useEffect(() => api.on('files.dropped', (picked) => {
    if (!busy) void open(picked);
  }), [open, busy]);

  const chosen = (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0];
    if (picked) void upload(() => transport.fromFile(picked));
    // The same file chosen again (fixed and re-exported) must fire a change too.
    if (input.current) input.current.value = '';
  };

  const chooser = transport.kind === 'harness'
    ? (
      <label className="file-input">
        <span>{file ? t('file.chooseAnother') : t('file.choose')}</span>
        <input ref={input} type="file" accept=".csv,.tsv,.txt,.xlsx,.xls,.xlsb,.ods" disabled={busy || uploading} onChange={chosen} />
      </label>
    )
    : <button type="button" className={file ? '' : 'primary'} disabled={busy || uploading} onClick={() => void upload(() => transport.pickImportFile())}>{file ? t('file.chooseAnother') : t('file.chooseButton')}</button>;

  return (
    <>
      <div className={file ? 'drop-zone compact' : 'drop-zone'}>
        {file ? (
          <div className="chosen-file">
            <FileIcon />
            <div className="chosen-file-text">
              <span className="chosen-file-name" title={file.file}>{file.file}</span>
              <span className="muted">{formatBytes(file.size, locale)}</span>
            </div>
          </div>
        ) : (
          <div className="drop-zone-text">
            <span className="drop-zone-icon" aria-hidden="true">⇪</span>
            <strong>{t('file.drop')}</strong>
            <span className="muted">{t('file.formats')}</span>
          </div>
        )}
        {chooser}
        {uploading && <span className="muted" role="status">{t('file.uploading')}</span>}
      </div>
      {dragging && !busy && <div className="drop-overlay" aria-hidden="true"><span>{t('file.dropHere')}</span></div>}
    </>
  );
}
