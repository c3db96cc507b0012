import { describe, expect, it } from 'vitest';
import { autoMap, inferKind, resolveMapping, toSavedMapping } from '../../shared/import/column-mapping.ts';
import { normalizeHeader } from '../../shared/import/normalize-header.ts';
import { attributeNameFromHeader } from '../../shared/import/attribute-name.ts';
import { targets, type TargetName } from '../../shared/model/targets.ts';

describe('header mapping', () => {
  it('maps English, Japanese and Chinese synonyms', () => {
    for (const header of ['Member ID', 'Customer ID', '会員ID', '会員番号', '會員編號', 'ＭｅｍｂｅｒＩＤ', 'member_id']) {
      expect(autoMap([header], ['pos']).get('user_id'), header).toBe(0);
    }
    for (const header of ['Purchased At', 'Transaction Date', '購入日時', '交易時間']) {
      expect(autoMap([header], ['pos']).get('occurred_at'), header).toBe(0);
    }
    const pos = autoMap(['店舗', 'レシート番号', '行番号', 'SKU', '商品名', '数量', '単価', '金額', '支払方法'], ['pos']);
    expect([...pos.keys()]).toEqual(['store_id', 'receipt_no', 'line_no', 'sku', 'product_name', 'qty', 'unit_price', 'amount', 'payment_method']);
    const members = autoMap(['Email', 'Mobile', 'Rank', 'Join Date', 'Newsletter', 'SMS Opt In', 'Home Store'], ['members']);
    expect([...members.keys()]).toEqual(['email', 'phone', 'tier', 'joined_at', 'email_opt_in', 'sms_opt_in', 'home_store']);
  });

  it('gives every synonym one target only', () => {
    const seen = new Map<string, TargetName>();
    for (const name of Object.keys(targets) as TargetName[]) {
      for (const synonym of targets[name].synonyms) {
        const key = normalizeHeader(synonym);
        expect(seen.get(key) ?? name, `"${synonym}" is a synonym of both ${seen.get(key)} and ${name}`).toBe(name);
        seen.set(key, name);
      }
    }
  });

  it('infers the kind of file from its headers', () => {
    expect(inferKind(['会員番号', '氏名', 'メール'])).toBe('members');
    expect(inferKind(['Member ID', 'Purchased At', 'Store', 'Receipt No'])).toBe('pos');
    expect(inferKind(['user_id', 'event', 'timestamp', 'url'])).toBe('online');
    expect(inferKind(['user_id', 'timestamp', 'is_offline', 'store'])).toBe('online');
  });

  it('applies overrides, turns the rest into custom attributes, and never names one __proto__', () => {
    const headers = ['Code', 'Purchased At', 'Points', '__proto__', 'ポイント', ''];
    const mapping = resolveMapping({ headers, kind: 'pos', overrides: [['user_id', 'Code'], ['occurred_at', '']] });
    expect(Object.fromEntries(mapping.targets)).toEqual({ user_id: 0 });
    expect(Object.fromEntries(mapping.custom)).toEqual({ purchased_at: 1, points: 2, proto: 3 });
    expect(mapping.ignored.map((column) => column.header)).toEqual(['ポイント', '']);
    expect(() => resolveMapping({ headers, kind: 'pos', overrides: [['email', 'Code']] })).toThrow(/not a field of a pos import/);
    expect(() => resolveMapping({ headers, kind: 'pos', overrides: [['user_id', 'Nope']] })).toThrow(/no column "Nope"/);
    expect(attributeNameFromHeader('Points Balance (JPY)')).toBe('points_balance_jpy');
    expect(attributeNameFromHeader('constructor')).toBeNull();
  });

  it('leaves out any column the user chooses not to import, and remembers that choice', () => {
    const headers = ['Member ID', 'Purchased At', 'Points', 'Amount', '備考'];
    const mapping = resolveMapping({ headers, kind: 'pos', overrides: [['-', 'Points'], ['-', 'Amount']] });
    expect(Object.fromEntries(mapping.targets)).toEqual({ user_id: 0, occurred_at: 1 });
    expect(Object.fromEntries(mapping.custom)).toEqual({});
    expect(mapping.ignored.map((column) => [column.header, column.reason])).toEqual([
      ['Points', 'not imported, as chosen'], ['Amount', 'not imported, as chosen'], ['備考', 'the header has no ASCII name; map it with --map name=HEADER'],
    ]);
    const saved = toSavedMapping(headers, mapping);
    expect(saved).toEqual({ user_id: 'Member ID', occurred_at: 'Purchased At', '!Points': 'Points', '!Amount': 'Amount' });
    const again = resolveMapping({ headers, kind: 'pos', remembered: saved });
    expect(again.ignored.map((column) => column.header)).toEqual(['Points', 'Amount', '備考']);
    // Mapping the column again undoes the choice.
    expect(Object.fromEntries(resolveMapping({ headers, kind: 'pos', remembered: saved, overrides: [['amount', 'Amount']] }).targets)).toMatchObject({ amount: 3 });
  });
});
