import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { peerjsForEmbeddingRollup } from './scripts/peerjs-for-embedding.mjs';

/** One minified ES module with Lit and PeerJS inside, for a `<script type="module">` tag. */
export default {
  onwarn(warning, warn) {
    // @msgpack/msgpack's ES5 helpers test `this` at module scope; undefined is what they expect in ESM.
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
  input: 'widget/src/index.ts',
  output: {
    file: 'dist/video-chat-room.js',
    format: 'es',
    sourcemap: true,
  },
  plugins: [
    typescript({ tsconfig: './tsconfig.json', declaration: false, outDir: 'dist', sourceMap: true }),
    nodeResolve({ browser: true }),
    peerjsForEmbeddingRollup(),
    terser({ format: { comments: false }, compress: { passes: 2 } }),
  ],
};
