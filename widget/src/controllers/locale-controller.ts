import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { en, type Strings } from '../i18n/en.js';
import { stringsFor } from '../i18n/strings-for.js';

/**
 * The element's language: its own `lang`, else the nearest ancestor's, else
 * the page's; English when unknown. Looked up at each update (a language
 * still loading is English until it has, then the host updates again).
 */
export class LocaleController implements ReactiveController {
  #strings: Strings = en;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  /** The strings of the language as of the last update. */
  get strings(): Strings {
    return this.#strings;
  }

  hostUpdate(): void {
    const { host } = this;
    const lang = host.lang || host.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang;
    this.#strings = stringsFor(lang, () => host.requestUpdate());
  }
}
