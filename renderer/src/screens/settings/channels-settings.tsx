import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { useLoad } from '../../hooks/use-api.ts';
import { ChannelPanel, type ChannelModel } from './channel-panel.tsx';
import type { ChannelStatus } from './channel-state.tsx';
import { EmailFields } from './email-fields.tsx';
import { emailFields, emailFormFrom, emailSaveInput, validateEmail, type EmailForm } from './email-form.ts';
import { SmsFields } from './sms-fields.tsx';
import { smsFields, smsFormFrom, smsSaveInput, templateWords, validateSms, type SmsForm } from './sms-form.ts';

const emailModel: ChannelModel<EmailForm> = {
  channel: 'email',
  fields: emailFields,
  formFrom: (status: ChannelStatus) => emailFormFrom(status.config, status.has_secret),
  validate: validateEmail,
  save: (form) => api.call('channels.saveEmail', emailSaveInput(form)),
};

const smsModel: ChannelModel<SmsForm> = {
  channel: 'sms',
  fields: smsFields,
  formFrom: (status: ChannelStatus) => smsFormFrom(status.config, status.has_secret),
  validate: validateSms,
  save: (form) => api.call('channels.saveSms', smsSaveInput(form)),
  values: templateWords,
};

/** Email (SMTP) and SMS (HTTP gateway): each stays a dry run until set up and a test message went through. */
export function ChannelsSettings() {
  const { t } = useTranslation(['settings', 'common']);
  const status = useLoad(() => api.call('channels.status', {}), [], ['settings']);
  if (!status.data) return status.error ? <ErrorMessage message={status.error} onRetry={status.reload} /> : <p className="muted">{t('common:status.loading')}</p>;
  return (
    <div className="channels">
      <p className="muted section-intro">{t('channels.intro')}</p>
      <div className="channels-grid">
        <ChannelPanel model={emailModel} title={t('channels.email.title')} name={t('common:channel.email')} status={status.data.email} onSaved={status.setData}>
          {(props) => <EmailFields {...props} />}
        </ChannelPanel>
        <ChannelPanel model={smsModel} title={t('channels.sms.title')} name={t('common:channel.sms')} status={status.data.sms} onSaved={status.setData}>
          {(props) => <SmsFields {...props} />}
        </ChannelPanel>
      </div>
    </div>
  );
}
