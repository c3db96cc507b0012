import ExcelJS from 'exceljs';

/** A members sheet of `count` rows written by ExcelJS's streaming writer (real date cells, shared strings). */
export async function writeMembersXlsx(file: string, count: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet('Members');
  sheet.columns = [
    { header: '会員番号', key: 'id' }, { header: '氏名', key: 'name' }, { header: 'メールアドレス', key: 'email' },
    { header: '携帯電話', key: 'phone' }, { header: '会員ランク', key: 'tier' }, { header: '入会日', key: 'joined', style: { numFmt: 'yyyy/mm/dd' } },
    { header: 'メール配信', key: 'email_opt_in' }, { header: 'SMS配信', key: 'sms_opt_in' }, { header: '所属店舗', key: 'store' },
  ];
  const tiers = ['VIP', 'Gold', 'Regular', 'Regular'];
  for (let index = 0; index < count; index++) {
    sheet.addRow({
      id: `M${100000 + index}`, name: `会員 ${index}`, email: `member${index}@example.jp`, phone: `090${String(10000000 + index).padStart(8, '0')}`,
      tier: tiers[index % tiers.length], joined: new Date(Date.UTC(2020, 0, 1) + (index % 2000) * 86_400_000),
      email_opt_in: index % 3 === 0 ? '×' : '○', sms_opt_in: index % 2 === 0 ? '○' : '×', store: `S0${1 + (index % 3)}`,
    }).commit();
  }
  sheet.commit();
  await workbook.commit();
}
