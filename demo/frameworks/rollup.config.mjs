import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';

/** The React and Vue examples, each one file with its framework inside (the element loads separately). */
const example = (name) => ({
  input: `demo/frameworks/${name}-app.js`,
  output: { file: `dist/examples/${name}-app.js`, format: 'es' },
  plugins: [
    replace({
      preventAssignment: true,
      values: {
        'process.env.NODE_ENV': JSON.stringify('production'),
        __VUE_OPTIONS_API__: 'false',
        __VUE_PROD_DEVTOOLS__: 'false',
        __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
      },
    }),
    nodeResolve({ browser: true }),
    commonjs(),
    terser(),
  ],
});

export default [example('react'), example('vue')];
