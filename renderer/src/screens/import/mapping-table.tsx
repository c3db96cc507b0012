import { useTranslation } from 'react-i18next';
import type { Inspection } from '../../../../shared/contract/schemas.ts';
import { useImport } from './import-store.ts';
import { ColumnUseSelect, valueOf } from './column-use-select.tsx';
import { columnsOf, overrideFor, type ColumnView, type ColumnUse } from './mapping-columns.ts';

/** Each column of the file: its header, a few values, and what it becomes. */
export function MappingTable({ inspection, disabled }: { inspection: Inspection; disabled: boolean }) {
  const { t } = useTranslation('import');
  const remap = useImport((state) => state.remap);
  const columns = columnsOf(inspection);
  const use = (column: ColumnView, next: ColumnUse) => {
    const override = overrideFor(column, next);
    if (override) void remap(override);
  };
  const targetLabel = (name: string) => t(`target.${name}`, { defaultValue: name });

  return (
    <>
      {inspection.missing_required.length > 0 && (
        <div className="error" role="alert">
          {t('mapping.missing', { fields: inspection.missing_required.map(targetLabel).join(t('mapping.listSeparator')), count: inspection.missing_required.length })}
        </div>
      )}
      {inspection.remembered && <p className="notice">{t('mapping.remembered')}</p>}
      <div className="mapping-wrap">
        <table className="table mapping-table">
          <thead>
            <tr>
              <th scope="col" className="mapping-column">{t('mapping.column')}</th>
              <th scope="col">{t('mapping.samples')}</th>
              <th scope="col" className="mapping-use">{t('mapping.importedAs')}</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((column) => (
              <tr key={`${column.index}:${column.header}`} className={column.use.kind === 'skipped' ? 'skipped' : undefined}>
                <th scope="row" className="mapping-column"><span className="column-header">{column.header || t('mapping.noHeader')}</span></th>
                <td>
                  <ul className="samples">
                    {column.samples.map((sample, index) => (
                      <li key={index} title={sample}>{sample === '' ? <span className="blank">{t('mapping.blank')}</span> : sample}</li>
                    ))}
                  </ul>
                </td>
                <td className="mapping-use">
                  <ColumnUseSelect key={`${valueOf(column.use)}:${column.use.kind === 'custom' ? column.use.name : ''}`} column={column} targets={inspection.targets} disabled={disabled} onUse={(next) => use(column, next)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted mapping-note">{t('mapping.note')}</p>
    </>
  );
}
