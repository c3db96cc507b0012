import type { MessageBoxOptions, MessageBoxReturnValue } from 'electron';
import type { ConfirmExternal } from './navigation-guard.ts';

const TEXT = {
  en: { message: 'Open this address in your web browser?', open: 'Open in browser', cancel: 'Cancel' },
  ja: { message: 'このアドレスをWebブラウザで開きますか？', open: 'ブラウザで開く', cancel: 'キャンセル' },
  'zh-TW': { message: '要在網頁瀏覽器中開啟這個網址嗎？', open: '在瀏覽器中開啟', cancel: '取消' },
} as const;

/**
 * The question main asks before a link leaves the app, in the OS language (read when asking: Electron
 * knows it only once the app is ready); Cancel is the default.
 */
export function confirmExternalDialog(showMessageBox: (options: MessageBoxOptions) => Promise<MessageBoxReturnValue>, locale: () => string): ConfirmExternal {
  return async (url) => {
    const language = locale();
    const text = language.startsWith('ja') ? TEXT.ja : language.startsWith('zh') ? TEXT['zh-TW'] : TEXT.en;
    const answer = await showMessageBox({ type: 'question', buttons: [text.open, text.cancel], defaultId: 1, cancelId: 1, noLink: true, message: text.message, detail: url });
    return answer.response === 0;
  };
}
