type PageName = 'confirm' | 'done' | 'invalid' | 'busy';
type Language = 'en' | 'ja' | 'zh-TW';

const PAGES: Record<Language, Record<PageName, { title: string; text: string; button?: string }>> = {
  en: {
    confirm: { title: 'Unsubscribe', text: 'Stop receiving these emails?', button: 'Unsubscribe' },
    done: { title: 'Unsubscribed', text: 'You will not receive these emails any more.' },
    invalid: { title: 'Not found', text: 'This link is not valid.' },
    busy: { title: 'Try again later', text: 'Too many requests. Please try again in a minute.' },
  },
  ja: {
    confirm: { title: '配信停止', text: 'このメールの配信を停止しますか？', button: '配信を停止する' },
    done: { title: '配信を停止しました', text: '今後このメールは届きません。' },
    invalid: { title: '見つかりません', text: 'このリンクは無効です。' },
    busy: { title: 'しばらくしてからお試しください', text: 'アクセスが集中しています。1分ほどしてからもう一度お試しください。' },
  },
  'zh-TW': {
    confirm: { title: '取消訂閱', text: '要停止接收這些電子郵件嗎？', button: '取消訂閱' },
    done: { title: '已取消訂閱', text: '您將不會再收到這些電子郵件。' },
    invalid: { title: '找不到頁面', text: '此連結無效。' },
    busy: { title: '請稍後再試', text: '要求過多，請於一分鐘後再試。' },
  },
};

function languageOf(acceptLanguage: string | undefined): Language {
  for (const part of (acceptLanguage ?? '').toLowerCase().split(',')) {
    const tag = part.split(';')[0]!.trim();
    if (tag.startsWith('ja')) return 'ja';
    if (tag.startsWith('zh')) return 'zh-TW';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

/** The tracking endpoint's pages for the store's customers, in their browser's language. The confirmation's button POSTs to the same link. */
export function trackingPage(name: PageName, acceptLanguage: string | undefined): string {
  const language = languageOf(acceptLanguage);
  const page = PAGES[language][name];
  const form = page.button ? `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${page.button}</button></form>` : '';
  return `<!doctype html><html lang="${language}"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${page.title}</title>`
    + `<body style="font-family:sans-serif;margin:3em auto;max-width:30em"><h1>${page.title}</h1><p>${page.text}</p>${form}</body></html>`;
}
