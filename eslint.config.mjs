import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'build/', '.tmp/', 'custom-elements.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['widget/src/**/*.ts'],
    languageOptions: { globals: globals.browser },
    plugins: { lit, wc },
    rules: {
      ...lit.configs.recommended.rules,
      ...wc.configs.recommended.rules,
      // The element class is merged with an interface to type its events.
      '@typescript-eslint/no-unsafe-declaration-merging': 'off',
    },
  },
  {
    files: ['**/*.mjs', 'peer-server/**/*.ts', 'scripts/**', 'test/**/*.ts', 'e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['demo/**/*.js', 'widget/test/**/*.ts', 'bench/pages/*.js', 'bench/baseline/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.mocha } },
  },
  {
    files: [
      '**/*.test.ts',
      'peer-server/test/helpers.ts',
      'peer-server/test/media-server/janus-client.ts',
      'e2e/harness.ts',
      'e2e/firefox.ts',
    ],
    // Tests read JSON from the wire and from pages.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
