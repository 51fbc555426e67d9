import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { minifyStyles } from './scripts/minify-styles.mjs';
import { peerjsForEmbeddingRollup } from './scripts/peerjs-for-embedding.mjs';

/**
 * One minified ES module with Lit and PeerJS inside, for a `<script type="module">`
 * tag, and a few chunks beside it that it loads when needed (chat and files once
 * in a call, languages other than English, the network check): they come from
 * the same server, relative to the entry's own URL.
 */
export default {
  onwarn(warning, warn) {
    // @msgpack/msgpack's ES5 helpers test `this` at module scope; undefined is what they expect in ESM.
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
  input: 'widget/src/index.ts',
  // The chunks take what they share with the entry from the entry itself: no third file on the way to a call.
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: 'dist',
    entryFileNames: 'video-chat-room.js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    format: 'es',
    sourcemap: true,
  },
  plugins: [
    typescript({ tsconfig: './tsconfig.json', declaration: false, outDir: 'dist', sourceMap: true }),
    nodeResolve({ browser: true }),
    peerjsForEmbeddingRollup(),
    minifyStyles(),
    terser({ format: { comments: false }, compress: { passes: 2 } }),
  ],
};
