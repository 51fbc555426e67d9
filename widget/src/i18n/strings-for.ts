import type { RoomError } from '../errors.js';
import { en, type Strings } from './en.js';
import { es } from './es.js';
import { zhCN } from './zh-CN.js';

/** Languages by lowercase BCP 47 tag, and by primary subtag as a fallback. */
const LANGUAGES: Record<string, Strings> = { en, es, 'zh-cn': zhCN };

/**
 * The strings for a `lang` value such as `es`, `es-MX`, `zh-CN` or `zh-Hans`:
 * the exact tag, else its language, else English.
 */
export function stringsFor(lang: string | null | undefined): Strings {
  const tag = (lang ?? '').trim().toLowerCase();
  if (!tag) return en;
  if (Object.hasOwn(LANGUAGES, tag)) return LANGUAGES[tag];
  if (tag.startsWith('zh') && !/^zh-(hant|tw|hk|mo)/.test(tag) && LANGUAGES['zh-cn']) return LANGUAGES['zh-cn'];
  const primary = tag.split('-')[0];
  return Object.hasOwn(LANGUAGES, primary) ? LANGUAGES[primary] : en;
}

/**
 * What to tell a person about `error` in their language. The English message
 * may carry a detail for the site owner (which attribute, which value); other
 * languages give the translated explanation.
 */
export function errorText(error: Pick<RoomError, 'code' | 'message'>, strings: Strings): string {
  return strings === en ? error.message : (strings.errors[error.code] ?? error.message);
}
