const truthy = new Set(['true', 'yes', 'y', '1', 'on', 'opt-in', 'optin', 'subscribed', '○', '◯', '〇', 'はい', '有', '可', '同意', '希望', '是', '要', '允許', '允许', '訂閱', '订阅']);
const falsy = new Set(['false', 'no', 'n', '0', 'off', 'opt-out', 'optout', 'unsubscribed', '×', '✕', 'x', '-', 'いいえ', '無', '不可', '不同意', '希望しない', '否', '不要', '拒絕', '拒绝', '未訂閱']);

/** Yes/no in the forms registers and member sheets use; blank → undefined; unknown → null. */
export function parseBoolean(text: string): boolean | null | undefined {
  const value = text.trim().normalize('NFKC').toLowerCase();
  if (value === '') return undefined;
  if (truthy.has(value)) return true;
  if (falsy.has(value)) return false;
  return null;
}
