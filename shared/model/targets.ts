import type { ImportKind } from './import-kind.ts';

/** How a mapped column's text is read. */
export type TargetType = 'id' | 'text' | 'number' | 'timestamp' | 'date' | 'boolean' | 'email' | 'phone';

export interface TargetSpec {
  type: TargetType;
  kinds: readonly ImportKind[];
  required?: readonly ImportKind[];
  /** Header texts that map to this target, in English, Japanese and Chinese (matched after normalising). */
  synonyms: readonly string[];
}

const all = ['pos', 'members', 'online'] as const;
const events = ['pos', 'online'] as const;

/** The fields Shopfloor knows. Any other column becomes a typed custom attribute or event parameter. */
export const targets = {
  user_id: {
    type: 'id', kinds: all, required: all,
    synonyms: ['user_id', 'user id', 'userid', 'member id', 'member no', 'member number', 'membership no', 'membership number',
      'customer id', 'customer no', 'customer number', 'card no', 'member card no', 'uid',
      '会員ID', '会員番号', '会員No', '会員コード', '顧客ID', '顧客番号', '顧客コード', 'ユーザーID',
      '會員編號', '會員ID', '會員代號', '会员编号', '会员ID', '客戶編號', '客户编号', '顧客編號', '用戶ID', '用户ID'],
  },
  occurred_at: {
    type: 'timestamp', kinds: events, required: events,
    synonyms: ['occurred_at', 'occurred at', 'purchased at', 'purchase date', 'purchase time', 'purchase datetime',
      'transaction date', 'transaction time', 'transaction datetime', 'sale date', 'sales date', 'date time', 'datetime',
      'timestamp', 'event time', 'time', 'date', 'order date',
      '購入日時', '購入日', '取引日時', '取引日', '売上日時', '売上日', '日時', '発生日時', 'イベント日時',
      '交易時間', '交易日期', '交易日時', '購買時間', '購買日期', '消費時間', '消费时间', '购买时间', '交易时间', '時間', '日期'],
  },
  event_name: {
    type: 'text', kinds: ['online'], required: ['online'],
    synonyms: ['event_name', 'event name', 'event', 'event type', 'action', 'イベント', 'イベント名', '事件', '事件名稱', '事件名称'],
  },
  is_offline: {
    type: 'boolean', kinds: ['online'],
    synonyms: ['is_offline', 'is offline', 'offline'],
  },
  event_id: {
    type: 'text', kinds: ['online'],
    synonyms: ['event_id', 'event id', 'イベントID', '事件ID'],
  },
  page_url: {
    type: 'text', kinds: ['online'],
    synonyms: ['page_url', 'page url', 'url', 'page', 'ページURL', '網址', '页面'],
  },
  store_id: {
    type: 'text', kinds: events,
    synonyms: ['store_id', 'store id', 'store', 'store code', 'store no', 'shop', 'shop id', 'shop code', 'branch', 'branch code',
      '店舗ID', '店舗コード', '店舗', '店番', '店舗番号', '門市', '門市代號', '門市編號', '店鋪', '店铺', '分店', '門店', '门店'],
  },
  receipt_no: {
    type: 'text', kinds: ['pos'],
    synonyms: ['receipt_no', 'receipt no', 'receipt', 'receipt number', 'receipt id', 'transaction id', 'transaction no',
      'transaction number', 'ticket no', 'レシート番号', 'レシートNo', '伝票番号', '取引番号', '取引ID',
      '發票號碼', '收據編號', '交易編號', '交易序號', '小票号', '单号', '單號'],
  },
  line_no: {
    type: 'text', kinds: ['pos'],
    synonyms: ['line_no', 'line no', 'line', 'line number', 'line item', 'item no', 'seq', '行番号', '明細番号', '明細No', '明細行',
      '行No', '項次', '明細序號', '明細編號', '行号'],
  },
  sku: {
    type: 'text', kinds: events,
    synonyms: ['sku', 'item code', 'product code', 'product id', 'item id', 'jan', 'jan code', 'barcode',
      '商品コード', '品番', 'JANコード', '商品ID', '商品編號', '商品代碼', '商品代号', '货号', '貨號', '商品编号'],
  },
  product_name: {
    type: 'text', kinds: events,
    synonyms: ['product_name', 'product name', 'product', 'item name', 'item', 'description', 'item description',
      '商品名', '品名', '商品名称', '商品名稱', '品項', '产品名称', '產品名稱'],
  },
  qty: {
    type: 'number', kinds: events,
    synonyms: ['qty', 'quantity', 'units', 'count', 'pcs', '数量', '個数', '點數', '數量', '件数'],
  },
  unit_price: {
    type: 'number', kinds: events,
    synonyms: ['unit_price', 'unit price', 'price', '単価', '販売単価', '單價', '单价', '價格', '价格'],
  },
  amount: {
    type: 'number', kinds: events,
    synonyms: ['amount', 'total', 'line total', 'line amount', 'sales', 'sales amount', 'subtotal', 'net amount',
      '金額', '売上金額', '売上', '税込金額', '金額税込', '小計', '金额', '銷售金額', '销售金额', '總額', '总额'],
  },
  payment_method: {
    type: 'text', kinds: ['pos'],
    synonyms: ['payment_method', 'payment method', 'payment', 'payment type', 'tender', 'tender type',
      '支払方法', '決済方法', '支払区分', '支払い方法', '付款方式', '支付方式', '付款方法'],
  },
  name: {
    type: 'text', kinds: ['members'],
    synonyms: ['name', 'full name', 'customer name', 'member name', '氏名', '名前', 'お名前', '会員名', '顧客名',
      '姓名', '會員姓名', '会员姓名', '客戶名稱', '客户名称'],
  },
  email: {
    type: 'email', kinds: ['members'],
    synonyms: ['email', 'e-mail', 'email address', 'mail', 'mail address', 'メール', 'メールアドレス', 'Eメール',
      '電子郵件', '電子信箱', '電郵', '郵箱', '邮箱', '信箱', '电子邮件'],
  },
  phone: {
    type: 'phone', kinds: ['members'],
    synonyms: ['phone', 'phone number', 'mobile', 'mobile phone', 'mobile number', 'cell', 'cell phone', 'tel', 'telephone',
      '電話番号', '携帯番号', '携帯電話', '携帯電話番号', '電話', 'TEL', '手機', '手機號碼', '手机', '手机号', '手机号码', '電話號碼', '联系电话'],
  },
  tier: {
    type: 'text', kinds: ['members'],
    synonyms: ['tier', 'rank', 'level', 'member tier', 'member rank', 'membership level', 'membership tier', 'grade', 'member level',
      '会員ランク', 'ランク', '会員区分', '会員種別', '等級', '會員等級', '会员等级', '級別', '级别'],
  },
  home_store: {
    type: 'text', kinds: ['members'],
    synonyms: ['home_store', 'home store', 'preferred store', 'registered store', 'home shop', '所属店舗', '登録店舗', '入会店舗',
      'ホーム店舗', '所屬門市', '註冊門市', '常用門市', '注册门店', '所属门店'],
  },
  joined_at: {
    type: 'date', kinds: ['members'],
    synonyms: ['joined_at', 'joined at', 'joined', 'join date', 'joined date', 'registered at', 'registration date', 'signup date',
      'sign up date', 'member since', 'enrolled at', '入会日', '登録日', '入会日時', '会員登録日', '入會日期', '加入日期', '註冊日期', '注册日期', '入會日'],
  },
  email_opt_in: {
    type: 'boolean', kinds: ['members'],
    synonyms: ['email_opt_in', 'email opt in', 'email optin', 'email consent', 'newsletter', 'mail opt in', 'email subscribed',
      'メール配信', 'メール配信同意', 'メルマガ', 'メルマガ配信', 'メール許諾', '電子報', '訂閱電子報', '郵件同意', '邮件订阅'],
  },
  sms_opt_in: {
    type: 'boolean', kinds: ['members'],
    synonyms: ['sms_opt_in', 'sms opt in', 'sms optin', 'sms consent', 'sms subscribed', 'SMS配信', 'SMS配信同意', 'SMS許諾',
      '簡訊同意', '簡訊', '接收簡訊', '短信同意', '短信订阅'],
  },
} as const satisfies Record<string, TargetSpec>;

export type TargetName = keyof typeof targets;

export function isTargetName(name: string): name is TargetName {
  return Object.prototype.hasOwnProperty.call(targets, name);
}

export function targetsFor(kind: ImportKind): TargetName[] {
  return (Object.keys(targets) as TargetName[]).filter((name) =>
    (targets[name].kinds as readonly ImportKind[]).includes(kind));
}

export function requiredTargets(kind: ImportKind): TargetName[] {
  return (Object.keys(targets) as TargetName[]).filter((name) => {
    const spec: TargetSpec = targets[name];
    return spec.required?.includes(kind) ?? false;
  });
}
