import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format.ts';
import { useNodeText } from './node-text.ts';

const iso = String.raw`(\d{4}-\d{2}-\d{2}T[\d:.]+Z)`;

/**
 * The engine writes its trace in English for the command line and the log; these are the forms it
 * writes, so the UI can say them in the user's language. Anything else is shown as written.
 */
const forms: ReadonlyArray<[RegExp, string, ReadonlyArray<'event' | 'at' | 'at2' | 'text' | 'count' | 'channel' | 'reason' | 'status'>]> = [
  [/^entered: matched the entry segment$/, 'enteredSegment', []],
  [/^entered: journey test$/, 'enteredTest', []],
  [new RegExp(`^entered: real-time trigger: (\\w+) occurred ${iso}, uploaded ${iso}$`), 'enteredTrigger', ['event', 'at', 'at2']],
  [new RegExp(`^waiting for (\\w+) occurring by ${iso}, uploaded by ${iso}$`), 'waitingGrace', ['event', 'at', 'at2']],
  [new RegExp(`^waiting for (\\w+) occurring by ${iso}$`), 'waiting', ['event', 'at']],
  [new RegExp(`^matched: (\\w+) occurred ${iso}, uploaded ${iso}$`), 'matched', ['event', 'at', 'at2']],
  [/^timed out$/, 'timedOut', []],
  [new RegExp(`^delay until ${iso}$`), 'delay', ['at']],
  [new RegExp(`^check: (yes|no) \\(on data uploaded by ${iso}\\)$`), 'check', ['text', 'at']],
  [new RegExp(`^(\\w+) scheduled for ${iso} \\(after quiet hours\\)$`), 'scheduledQuiet', ['channel', 'at']],
  [new RegExp(`^(\\w+) scheduled for ${iso}$`), 'scheduled', ['channel', 'at']],
  [/^(\w+) skipped: (\w+)$/, 'skipped', ['channel', 'reason']],
  [new RegExp(`^(\\w+) not sent \\(control group\\): would have gone out ${iso}$`), 'heldBack', ['channel', 'at']],
  [new RegExp(`^watching message (\\d+) for an open until ${iso}$`), 'watching', ['text', 'at']],
  [new RegExp(`^opened: message (\\d+) opened ${iso}$`), 'opened', ['text', 'at']],
  [/^not opened in time$/, 'notOpened', []],
  [/^not opened: the email was never sent$/, 'neverSent', []],
  [/^not opened: the email was (\w+) \((\w+)\)$/, 'notSent', ['status', 'reason']],
  [new RegExp(`^goal: (\\w+) occurred ${iso}, counted when uploaded ${iso}$`), 'goal', ['event', 'at', 'at2']],
  [new RegExp(`^exited \\(exit rule: (\\w+) occurred ${iso}\\); (\\d+) scheduled messages? cancelled$`), 'exitedCancelled', ['event', 'at', 'count']],
  [new RegExp(`^exited \\(exit rule: (\\w+) occurred ${iso}\\)$`), 'exited', ['event', 'at']],
  [/^completed the journey$/, 'completed', []],
];

export function useTraceText(): (what: string) => string {
  const { t } = useTranslation(['journeys', 'common', 'outbox']);
  const format = useFormat();
  const text = useNodeText();
  const say = useCallback((what: string): string => {
    // A control-group entry is an entry like any other, said with the group after it.
    const control = /^entered \(control group\): (.*)$/.exec(what);
    if (control) return t('journeys:trace.enteredControl', { text: say(`entered: ${control[1]!}`) });
    for (const [pattern, key, names] of forms) {
      const match = pattern.exec(what);
      if (!match) continue;
      const values: Record<string, string | number> = {};
      names.forEach((name, index) => {
        const raw = match[index + 1]!;
        if (name === 'event') values.event = text.eventName(raw);
        else if (name === 'at' || name === 'at2') values[name] = format.dateTime(raw);
        else if (name === 'channel') values.channel = t(`common:channel.${raw}`, { defaultValue: raw });
        else if (name === 'reason') values.reason = t(`outbox:reason.${raw}`, { defaultValue: raw });
        else if (name === 'status') values.status = t(`outbox:status.${raw}`, { defaultValue: raw });
        else if (name === 'count') values.count = Number(raw);
        else values.text = key === 'check' ? t(`journeys:path.${raw}`) : raw;
      });
      return t(`journeys:trace.${key}`, values);
    }
    return what;
  }, [format, t, text]);
  return say;
}
