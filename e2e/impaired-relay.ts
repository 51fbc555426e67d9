// A UDP relay that makes a link bad on purpose: put between a relay-only page
// and coturn, it delays, drops and (with jitter) reorders datagrams both ways.
// This kernel has no netem, so the impairment is done here, in test code.
import dgram from 'node:dgram';

export interface Impairment {
  /** Added to every datagram, each way. */
  delayMs: number;
  /** A random extra delay up to this, which also reorders datagrams. */
  jitterMs?: number;
  /** Share of datagrams dropped, each way, 0 to 1. */
  loss: number;
}

export interface ImpairedRelay {
  /** The port pages send to, on 127.0.0.1. */
  port: number;
  /** Datagrams passed and dropped so far, both ways together. */
  counts(): { passed: number; dropped: number };
  close(): Promise<void>;
}

/** Relays UDP from 127.0.0.1:<port> to `target` on 127.0.0.1, one upstream socket per client address. */
export async function startImpairedRelay(targetPort: number, impairment: Impairment): Promise<ImpairedRelay> {
  const front = dgram.createSocket('udp4');
  const upstreams = new Map<string, dgram.Socket>();
  const counts = { passed: 0, dropped: 0 };
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (send: () => void) => {
    if (Math.random() < impairment.loss) return void counts.dropped++;
    counts.passed++;
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        send();
      },
      impairment.delayMs + Math.random() * (impairment.jitterMs ?? 0),
    );
    timers.add(timer);
  };
  front.on('message', (message, client) => {
    const key = `${client.address}:${client.port}`;
    let upstream = upstreams.get(key);
    if (!upstream) {
      const socket = dgram.createSocket('udp4');
      socket.on('message', (reply) => later(() => front.send(reply, client.port, client.address)));
      socket.on('error', () => socket.close());
      socket.bind(0, '127.0.0.1');
      upstreams.set(key, (upstream = socket));
    }
    const socket = upstream;
    later(() => socket.send(message, targetPort, '127.0.0.1'));
  });
  await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', resolve));
  return {
    port: front.address().port,
    counts: () => ({ ...counts }),
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of upstreams.values()) socket.close();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    },
  };
}
