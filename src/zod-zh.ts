// Chinese messages for zod issues that carry no message of their own (enums, lengths, types), so
// every configuration error reads in Chinese. zod's zh-CN locale covers the rest.
import { z } from 'zod';

const zhLocale = z.locales.zhCN().localeError;

const TYPE_NAMES: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  boolean: 'true 或 false',
  array: '数组（[…]）',
  object: 'JSON 对象（{…}）',
};

function sizeUnit(origin: string): string {
  if (origin === 'string') return '个字符';
  if (origin === 'array' || origin === 'set') return '项';
  return '';
}

export const zhError: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_value':
      return `必须是 ${issue.values.map((v) => String(v)).join('、')} 之一`;
    case 'too_small': {
      const unit = sizeUnit(issue.origin);
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return '不能为空';
      return unit === '' ? `不能小于 ${String(issue.minimum)}` : `至少 ${String(issue.minimum)} ${unit}`;
    }
    case 'too_big': {
      const unit = sizeUnit(issue.origin);
      return unit === '' ? `不能大于 ${String(issue.maximum)}` : `最多 ${String(issue.maximum)} ${unit}`;
    }
    case 'invalid_type':
      return `应为${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'unrecognized_keys':
      return `不认识的项：${issue.keys.join('、')}`;
    case 'invalid_union':
    case 'invalid_format':
      return '格式不对';
    default:
      return zhLocale(issue);
  }
};
