import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { peerjsForEmbeddingDevServer } from '../scripts/peerjs-for-embedding.mjs';
import { createServer } from '../build/peer-server/src/server.js';

// The element's tests join rooms on real servers of ours, started here and
// announced to the tests at /test-server.json: one as deployed, and one whose
// rooms hold two people (a room's cap is the server's to set). Every page
// comes from 127.0.0.1, so that address may join far more often than a real one.
const videoChatServer = createServer({ port: 0, host: '127.0.0.1', demoDir: null, joinsPerMinute: 100_000 });
const pairsServer = createServer({ port: 0, host: '127.0.0.1', demoDir: null, joinsPerMinute: 100_000, maxRoomSize: 2 });
let videoChatServerUrl = '';
let pairsServerUrl = '';

export default {
  rootDir: new URL('..', import.meta.url).pathname,
  files: 'widget/test/**/*.test.ts',
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 1,
  testFramework: { config: { timeout: 20000 } },
  plugins: [
    peerjsForEmbeddingDevServer(),
    esbuildPlugin({ ts: true, tsconfig: new URL('../tsconfig.json', import.meta.url).pathname }),
    {
      name: 'video-chat-server',
      async serverStart() {
        videoChatServerUrl = `http://127.0.0.1:${(await videoChatServer.listen()).port}`;
        pairsServerUrl = `http://127.0.0.1:${(await pairsServer.listen()).port}`;
      },
      async serverStop() {
        await Promise.all([videoChatServer.close(), pairsServer.close()]);
      },
      serve(context) {
        if (context.path === '/test-server.json') {
          return { body: JSON.stringify({ url: videoChatServerUrl, pairs: pairsServerUrl }), type: 'json' };
        }
      },
    },
  ],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS },
    }),
  ],
};
