// GSM 03.38 basic set and the extension table (each extension character costs two septets).
const basic = new Set([...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà']);
const extension = new Set([...'^{}\\[~]|€\f']);

export const MAX_SMS_PARTS = 6;

export interface SmsLength {
  encoding: 'GSM-7' | 'UCS-2';
  /** septets for GSM-7, UTF-16 code units for UCS-2 */
  units: number;
  parts: number;
  perPart: number;
}

/** How many SMS parts a text takes: 160 GSM-7 / 70 UCS-2 in one part; 153 / 67 per part when split. */
export function smsLength(text: string): SmsLength {
  let septets = 0;
  let gsm = true;
  for (const char of text) {
    if (basic.has(char)) septets += 1;
    else if (extension.has(char)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) {
    const parts = septets <= 160 ? 1 : Math.ceil(septets / 153);
    return { encoding: 'GSM-7', units: septets, parts, perPart: parts === 1 ? 160 : 153 };
  }
  const units = text.length;
  const parts = units <= 70 ? 1 : Math.ceil(units / 67);
  return { encoding: 'UCS-2', units, parts, perPart: parts === 1 ? 70 : 67 };
}
