// Rollup plugin: squeezes the whitespace and comments out of the element's
// stylesheet (the css`` template in *.styles.ts), which terser leaves as it is.
// Only spaces that CSS never needs go: around { } ; , > and after a colon.
const STYLES_FILE = /\.styles\.(ts|js)$/;

export function minifyCss(css) {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .trim();
}

export const minifyStyles = () => ({
  name: 'minify-styles',
  transform(code, id) {
    if (!STYLES_FILE.test(id)) return null;
    // The stylesheet has no ${} interpolations: the whole template is CSS.
    return { code: code.replace(/css`([\s\S]*?)`/g, (_m, css) => `css\`${minifyCss(css)}\``), map: null };
  },
});
