// Pages on a network of their own: a Linux network namespace joined to the
// host by a veth pair, so a test can cap, cut or re-route one page's link
// while the rest of the call stays on the host. Needs root and `ip` (iproute2).
// Addresses come from 198.18.0.0/15 (RFC 2544, for network tests) and depend
// on the process id, so two runs at once do not collide; nothing is routed
// beyond the host.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

// 2048 blocks of eight /30 subnets fill 198.18.0.0/16.
const block = process.pid % 2048;

/**
 * An address of the host's own (on `lo`) that the server listens on and every
 * namespace routes to. Being on the loopback interface, browsers on the host
 * do not offer it as an ICE candidate, so the route to the server can be cut
 * without cutting the peer-to-peer path.
 */
export const SERVER_ADDRESS = `198.19.${block >> 3}.${(block & 7) * 32 + 1}`;

const run = (command: string, args: string[]) =>
  execFileSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
const ip = (...args: string[]) => run('ip', args);
const quietly = (run: () => unknown) => {
  try {
    run();
  } catch {
    // Already gone.
  }
};

/** Whether this machine can make namespaces (root, iproute2, veth). */
export function canMakeNamespaces(): boolean {
  try {
    ip('netns', 'add', `vcr-probe-${process.pid}`);
    ip('netns', 'del', `vcr-probe-${process.pid}`);
    return process.getuid?.() === 0;
  } catch {
    return false;
  }
}

const made = new Set<NetworkNamespace>();
// A test that throws still gets its after() hook; a process that dies on a signal does not.
process.once('exit', () => {
  for (const ns of made) ns.removeNow();
});

export class NetworkNamespace {
  readonly name: string;
  /** The page's address inside the namespace. */
  readonly pageAddress: string;
  /** The host's end of the veth pair. */
  readonly hostAddress: string;
  readonly #hostLink: string;
  readonly #pageLink: string;
  #wrapperDir: string | undefined;

  /** Makes namespace number `index` (0-7) of this run, with a route to {@link SERVER_ADDRESS}. */
  constructor(index: number) {
    // Each namespace gets a /30 in 198.18.0.0/16: .1 on the host, .2 inside.
    const offset = (block * 8 + index) * 4;
    const [a, b] = [offset >> 8, offset & 255];
    this.hostAddress = `198.18.${a}.${b + 1}`;
    this.pageAddress = `198.18.${a}.${b + 2}`;
    this.name = `vcr-${process.pid}-${index}`;
    this.#hostLink = `vcrh${block}x${index}`;
    this.#pageLink = `vcrp${block}x${index}`;
    this.removeNow();
    made.add(this);
    ip('netns', 'add', this.name);
    ip('link', 'add', this.#hostLink, 'type', 'veth', 'peer', 'name', this.#pageLink);
    ip('link', 'set', this.#pageLink, 'netns', this.name);
    ip('addr', 'add', `${this.hostAddress}/30`, 'dev', this.#hostLink);
    ip('link', 'set', this.#hostLink, 'up');
    this.#inside('addr', 'add', `${this.pageAddress}/30`, 'dev', this.#pageLink);
    this.#inside('link', 'set', this.#pageLink, 'up');
    this.#inside('link', 'set', 'lo', 'up');
    this.routeToServer(true);
    if (!ip('addr', 'show', 'dev', 'lo').includes(`${SERVER_ADDRESS}/32`)) {
      quietly(() => ip('addr', 'add', `${SERVER_ADDRESS}/32`, 'dev', 'lo'));
    }
  }

  #inside(...args: string[]) {
    return ip('-n', this.name, ...args);
  }

  /** Headless Chromium running inside the namespace, trusting the server's plain-http origin as secure. */
  launchChromium(serverOrigin: string): Promise<Browser> {
    this.#wrapperDir = mkdtempSync(path.join(tmpdir(), 'vcr-netns-'));
    const wrapper = path.join(this.#wrapperDir, 'chromium');
    writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${this.name} ${CHROMIUM_PATH} "$@"\n`);
    chmodSync(wrapper, 0o755);
    return chromium.launch({ executablePath: wrapper, headless: true, args: insecureOriginArgs(serverOrigin) });
  }

  /** The veth pair's carrier: down cuts everything the page sends or receives, without closing a socket. */
  setLink(up: boolean): void {
    ip('link', 'set', this.#hostLink, up ? 'up' : 'down');
  }

  /** Caps what the page sends (its uplink) with a token bucket, or lifts the cap. */
  capUplink(kbitPerSecond: number | undefined): void {
    const tc = (action: string, ...qdisc: string[]) =>
      run('tc', ['-n', this.name, 'qdisc', action, 'dev', this.#pageLink, 'root', ...qdisc]);
    if (kbitPerSecond === undefined) return quietly(() => tc('del'));
    // tbf's latency: packets wait at most this long for tokens, later ones are dropped.
    tc('replace', 'tbf', 'rate', `${kbitPerSecond}kbit`, 'burst', '4kb', 'latency', '200ms');
  }

  /** Gives the namespace its route to the server, or takes it away (the peer on the host stays reachable). */
  routeToServer(on: boolean): void {
    if (on) this.#inside('route', 'replace', `${SERVER_ADDRESS}/32`, 'via', this.hostAddress);
    else this.#inside('route', 'del', `${SERVER_ADDRESS}/32`);
  }

  /** Removes the namespace, its veth pair and the server address (synchronous: also used on exit). */
  removeNow(): void {
    quietly(() => ip('netns', 'del', this.name));
    quietly(() => ip('link', 'del', this.#hostLink));
    if (this.#wrapperDir) rmSync(this.#wrapperDir, { recursive: true, force: true });
    made.delete(this);
    if (made.size === 0) quietly(() => ip('addr', 'del', `${SERVER_ADDRESS}/32`, 'dev', 'lo'));
  }

  async close(): Promise<void> {
    this.removeNow();
  }
}

/** Chromium's flags for a page on `origin` (plain http on an address other than localhost) that may use the camera. */
export function insecureOriginArgs(origin: string): string[] {
  return [...CHROMIUM_ARGS, `--unsafely-treat-insecure-origin-as-secure=${origin}`];
}

/** Headless Chromium on the host, for the pages that are not in a namespace. */
export function launchHostChromium(serverOrigin: string): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: insecureOriginArgs(serverOrigin) });
}
