import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { peerjsForEmbeddingDevServer } from '../scripts/peerjs-for-embedding.mjs';
import { createServer } from '../build/peer-server/src/server.js';

// The element's tests join rooms on a real server of ours, started here and
// announced to the tests at /test-server.json.
const videoChatServer = createServer({ port: 0, host: '127.0.0.1', demoDir: null });
let videoChatServerUrl = '';

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
        const address = await videoChatServer.listen();
        videoChatServerUrl = `http://127.0.0.1:${address.port}`;
      },
      async serverStop() {
        await videoChatServer.close();
      },
      serve(context) {
        if (context.path === '/test-server.json') return { body: JSON.stringify({ url: videoChatServerUrl }), type: 'json' };
      },
    },
  ],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS },
    }),
  ],
};
