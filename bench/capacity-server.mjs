// Started as its own process by server-capacity.mjs, so its memory is its
// own: our server as `npm start` builds it, without the demo, with room for
// the bench's connections (one client IP, thousands of joins and sockets).
import { createServer } from '../build/peer-server/src/server.js';

const server = createServer({
  port: 0,
  host: '127.0.0.1',
  demoDir: null,
  joinsPerMinute: 1_000_000,
  socketsPerAddress: 1_000_000,
  concurrentLimit: 100_000,
});
const { port } = await server.listen();
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.on('SIGTERM', () => process.exit(0));
