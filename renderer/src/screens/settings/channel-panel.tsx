import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChannelsStatusDto } from '../../../../shared/contract/schemas.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { ChannelState, type ChannelStatus } from './channel-state.tsx';
import { TestMessage } from './test-message.tsx';
import { useCoreForm, type FieldMessages } from './use-core-form.ts';

export interface ChannelModel<Form> {
  channel: 'email' | 'sms';
  /** The core's names of the fields the form shows. */
  fields: readonly string[];
  formFrom(status: ChannelStatus): Form;
  validate(form: Form): FieldMessages;
  save(form: Form): Promise<ChannelsStatusDto>;
  /** Interpolation values for the error messages. */
  values?: Record<string, string>;
}

export interface ChannelFieldsProps<Form> {
  form: Form;
  errors: FieldMessages;
  status: ChannelStatus;
  change(patch: Partial<Form>, field?: string): void;
}

/** One channel: its state (dry run or live), its settings form, and a test message. */
export function ChannelPanel<Form>({ model, title, name, status, onSaved, children }: {
  model: ChannelModel<Form>;
  title: string;
  name: string;
  status: ChannelStatus;
  onSaved(status: ChannelsStatusDto): void;
  children(props: ChannelFieldsProps<Form>): ReactNode;
}) {
  const { t } = useTranslation(['settings', 'common']);
  const id = useId();
  const editor = useCoreForm({
    source: status, formFrom: model.formFrom, validate: model.validate, fields: model.fields, badCode: 'bad_channel', prefix: 'channels', ...(model.values ? { values: model.values } : {}),
  });
  const { form } = editor;
  if (form === null) return null;
  const save = async (current: Form) => {
    const next = await model.save(current);
    onSaved(next);
    return next[model.channel];
  };
  return (
    <section className="panel channel-panel" aria-labelledby={`${id}-title`}>
      <div className="channel-head">
        <h3 id={`${id}-title`}>{title}</h3>
        <ChannelState status={status} name={name} />
      </div>
      <form className="channel-form" onSubmit={(event) => void editor.submit(event, save)} noValidate aria-labelledby={`${id}-title`}>
        {children({ form, errors: editor.errors, status, change: editor.change })}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={editor.saving}>{editor.saving ? t('saving') : t('common:actions.save')}</button>
          <button type="button" disabled={!editor.dirty || editor.saving} onClick={editor.discard}>{t('discard')}</button>
          {editor.problems > 0 && <span className="field-error" role="alert">{t('errors.count', { count: editor.problems })}</span>}
          {editor.saved && !editor.dirty && <span className="saved-note" role="status">{status.live ? t('common:status.saved') : t('channels.saved')}</span>}
        </div>
        {editor.formError && <ErrorMessage message={t('errors.core', { message: editor.formError })} />}
      </form>
      <TestMessage channel={model.channel} name={name} status={status} dirty={editor.dirty} />
    </section>
  );
}
