// Arabic and Chinese numerals as members type them: 7, ７, 七, 十二, 二十五, 廿五, 两, 〇.

const DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 两: 2, 贰: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const UNITS: Readonly<Record<string, number>> = { 十: 10, 拾: 10, 廿: 20, 百: 100, 佰: 100 };

/** Characters that may appear in a numeral (for building regular expressions). */
export const NUMERAL_CHARS = '0-9０-９零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖十拾廿百佰';

/** Parses "7", "０７", "十二", "二十五", "廿五", "一百"; undefined when it is not a plain numeral. */
export function parseNumeral(raw: string): number | undefined {
  const s = raw.normalize('NFKC').trim();
  if (s === '') return undefined;
  if (/^\d+$/.test(s)) return Number(s);
  // Digit-by-digit form: 二〇二六 (three or more digits, or with a zero; 七八 means "seven or eight").
  if ((s.length > 2 || /[零〇]/u.test(s)) && s.length > 1 && [...s].every((ch) => ch in DIGITS)) {
    return Number([...s].map((ch) => DIGITS[ch]).join(''));
  }
  let total = 0;
  let pending: number | undefined;
  for (const ch of s) {
    const digit = DIGITS[ch];
    const unit = UNITS[ch];
    if (digit === 0) continue; // 一百零五
    if (digit !== undefined) {
      if (pending !== undefined) return undefined; // 二三 with a unit elsewhere
      pending = digit;
    } else if (unit !== undefined) {
      if (unit === 20) {
        if (pending !== undefined) return undefined;
        total += 20;
      } else {
        total += (pending ?? 1) * unit;
      }
      pending = undefined;
    } else {
      return undefined;
    }
  }
  return total + (pending ?? 0);
}

const WRITTEN = '零一二三四五六七八九';

/** 1–99 written as members write them in words: 五, 十五, 二十一. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`no written numeral for ${n}`);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 0 ? '' : tens === 1 ? '十' : `${WRITTEN[tens]}十`}${ones === 0 ? '' : WRITTEN[ones]}`;
}
