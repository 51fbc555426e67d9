import type { CSSResult } from 'lit';

/**
 * Adds a lazily loaded view's styles to `root`, once each. Constructed sheets
 * (as Lit's own), so a strict `style-src` policy still holds.
 */
export function adoptStyles(root: ShadowRoot | null, styles: CSSResult[]): void {
  if (!root) return;
  const sheets = styles.map((s) => s.styleSheet).filter((sheet): sheet is CSSStyleSheet => !!sheet);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...sheets.filter((sheet) => !root.adoptedStyleSheets.includes(sheet))];
}
