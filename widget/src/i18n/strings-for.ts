import type { RoomError } from '../errors.js';
import { en, type Strings } from './en.js';

/**
 * Languages other than English, by lowercase BCP 47 tag. Each is a chunk of
 * its own, loaded the first time an element asks for it.
 */
const LANGUAGES: Record<string, () => Promise<Strings>> = {
  es: () => import('./es.js').then((m) => m.es),
  'zh-cn': () => import('./zh-CN.js').then((m) => m.zhCN),
};
const loaded = new Map<string, Strings>([['en', en]]);
const loading = new Map<string, Promise<Strings>>();

/** The key of the language for a `lang` value such as `es-MX`, `zh-CN` or `zh-Hans`: the exact tag, else its language, else English. */
export function languageOf(lang: string | null | undefined): string {
  const tag = (lang ?? '').trim().toLowerCase();
  if (!tag || tag === 'en') return 'en';
  if (Object.hasOwn(LANGUAGES, tag)) return tag;
  if (tag.startsWith('zh') && !/^zh-(hant|tw|hk|mo)/.test(tag)) return 'zh-cn';
  const primary = tag.split('-')[0];
  return Object.hasOwn(LANGUAGES, primary) ? primary : 'en';
}

/** Loads the strings for `lang` (English when unknown). */
export function loadStrings(lang: string | null | undefined): Promise<Strings> {
  const key = languageOf(lang);
  const ready = loaded.get(key);
  if (ready) return Promise.resolve(ready);
  let pending = loading.get(key);
  if (!pending) {
    pending = LANGUAGES[key]().then(
      (strings) => (loaded.set(key, strings), strings),
      (error: unknown) => {
        console.warn(`[video-chat-room] could not load the "${key}" strings; using English`, error);
        loading.delete(key);
        return en;
      },
    );
    loading.set(key, pending);
  }
  return pending;
}

/**
 * The strings for `lang` if they are loaded; otherwise English for now, and
 * `whenLoaded` is called once they are.
 */
export function stringsFor(lang: string | null | undefined, whenLoaded?: () => void): Strings {
  const ready = loaded.get(languageOf(lang));
  if (ready) return ready;
  void loadStrings(lang).then(() => whenLoaded?.());
  return en;
}

/**
 * What to tell a person about `error` in their language. The English message
 * may carry a detail for the site owner (which attribute, which value); other
 * languages give the translated explanation.
 */
export function errorText(error: Pick<RoomError, 'code' | 'message'>, strings: Strings): string {
  return strings === en ? error.message : (strings.errors[error.code] ?? error.message);
}
