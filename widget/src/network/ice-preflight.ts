import type { IceServer } from '../../../protocol/room-protocol.js';

export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

/** What one STUN or TURN server gave this browser. */
export interface IceServerReport {
  urls: string[];
  kind: 'stun' | 'turn';
  /** Candidates gathered, by type. */
  candidates: Record<CandidateType, number>;
  /** Milliseconds from the start to the first candidate of each type found. */
  firstCandidateMs: Partial<Record<CandidateType, number>>;
  /** `icecandidateerror`s: 401 means credentials refused, 701 no answer. */
  errors: { url: string; code: number; text: string }[];
  verdict: 'turn-reachable' | 'stun-reachable' | 'auth-failed' | 'unreachable';
  /** The verdict in words a non-expert can act on. */
  message: string;
}

export interface PreflightReport {
  servers: IceServerReport[];
  /** True when at least one TURN server relays: calls work through strict firewalls. */
  relayAvailable: boolean;
  summary: string;
}

const MESSAGES: Record<IceServerReport['verdict'], string> = {
  'turn-reachable': 'TURN reachable: calls will connect even through strict firewalls.',
  'stun-reachable': 'STUN reachable: your public address was found.',
  'auth-failed': 'The TURN server answered but refused the credentials (authentication failed?): check the shared secret.',
  unreachable: 'No answer (not reachable?): check the address and port, and that a firewall lets it through.',
};

/**
 * Gathers ICE candidates against each server on its own, as the WebRTC
 * samples' trickle-ICE page does, and says which worked.
 */
export async function runIcePreflight(iceServers: IceServer[], options: { timeoutMs?: number } = {}): Promise<PreflightReport> {
  const servers = await Promise.all(iceServers.map((server) => probeServer(server, options.timeoutMs ?? 5000)));
  const relayAvailable = servers.some((s) => s.verdict === 'turn-reachable');
  const turn = servers.filter((s) => s.kind === 'turn');
  const summary =
    servers.length === 0
      ? 'No STUN or TURN servers are configured: calls connect only on the same network or through open NATs.'
      : relayAvailable
        ? MESSAGES['turn-reachable']
        : turn.length
          ? `No TURN server works: ${turn.map((s) => s.message).join(' ')}`
          : 'No TURN server is configured: calls between strict networks will not connect.';
  return { servers, relayAvailable, summary };
}

/** Gathers relay candidates only, and says whether any came within the time. */
export async function relayCandidateFound(
  iceServers: IceServer[],
  timeoutMs = 5000,
): Promise<{ found: boolean; authFailed: boolean }> {
  const turnServers = iceServers.filter((s) => urlsOf(s).some((u) => u.startsWith('turn')));
  const reports = await Promise.all(turnServers.map((s) => probeServer(s, timeoutMs, 'relay')));
  return {
    found: reports.some((r) => r.candidates.relay > 0),
    authFailed: reports.some((r) => r.verdict === 'auth-failed'),
  };
}

/**
 * Watches a connection that gathers relay candidates only (a relay-only
 * call's own): found at its first relay candidate; not found when gathering
 * ends without one, or after `timeoutMs`. Attach before its offer is made.
 */
export function relayCandidateOn(
  connection: RTCPeerConnection,
  timeoutMs = 5000,
): Promise<{ found: boolean; authFailed: boolean }> {
  return new Promise((resolve) => {
    let authFailed = false;
    const settle = (found: boolean) => {
      clearTimeout(timer);
      connection.removeEventListener('icecandidate', onCandidate);
      connection.removeEventListener('icecandidateerror', onError);
      resolve({ found, authFailed });
    };
    const onCandidate = ({ candidate }: RTCPeerConnectionIceEvent) => {
      if (!candidate) settle(false);
      else if (candidate.type === 'relay') settle(true);
    };
    const onError = (event: Event) => {
      if ((event as RTCPeerConnectionIceErrorEvent).errorCode === 401) authFailed = true;
    };
    const timer = setTimeout(() => settle(false), timeoutMs);
    if (gatheredRelay(connection)) return settle(true);
    connection.addEventListener('icecandidate', onCandidate);
    connection.addEventListener('icecandidateerror', onError);
  });
}

/**
 * Whether relay-only calls can work: the first call's own gathering tells
 * (`call`: what it has gathered and what it gathers next), or with no call,
 * one hung up before it gathered, or one that finished gathering before this
 * looked (its failures are gone by then), a probe of the TURN servers in
 * `iceServers`.
 */
export async function relayWorks(
  call: RTCPeerConnection | undefined,
  iceServers: IceServer[],
): Promise<{ found: boolean; authFailed: boolean }> {
  const gatheredUnseen = call?.iceGatheringState === 'complete' && !gatheredRelay(call);
  const onCall = call && !gatheredUnseen && (await relayCandidateOn(call));
  return onCall && (onCall.found || call.signalingState !== 'closed') ? onCall : relayCandidateFound(iceServers);
}

/** Whether `connection` has gathered a relay candidate already: those are in its local description. */
function gatheredRelay(connection: RTCPeerConnection): boolean {
  return / typ relay /.test(connection.localDescription?.sdp ?? '');
}

async function probeServer(
  server: IceServer,
  timeoutMs: number,
  policy: RTCIceTransportPolicy = 'all',
): Promise<IceServerReport> {
  const urls = urlsOf(server);
  const kind = urls.some((u) => u.startsWith('turn')) ? 'turn' : 'stun';
  const report: IceServerReport = {
    urls,
    kind,
    candidates: { host: 0, srflx: 0, prflx: 0, relay: 0 },
    firstCandidateMs: {},
    errors: [],
    verdict: 'unreachable',
    message: '',
  };
  const started = performance.now();
  const connection = new RTCPeerConnection({ iceServers: [server], iceTransportPolicy: policy });
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      connection.addEventListener('icecandidate', ({ candidate }) => {
        if (!candidate) {
          clearTimeout(timer);
          return resolve();
        }
        const type = candidate.type as CandidateType | null;
        if (!type) return;
        report.candidates[type]++;
        report.firstCandidateMs[type] ??= Math.round(performance.now() - started);
        // A relay candidate answers the only question a TURN probe asks.
        if (type === 'relay' || (kind === 'stun' && type === 'srflx')) {
          clearTimeout(timer);
          resolve();
        }
      });
      connection.addEventListener('icecandidateerror', (event) => {
        const e = event as RTCPeerConnectionIceErrorEvent;
        report.errors.push({ url: e.url, code: e.errorCode, text: e.errorText });
      });
      connection.createDataChannel('preflight');
      void connection.createOffer().then((offer) => connection.setLocalDescription(offer));
    });
  } finally {
    connection.close();
  }
  report.verdict =
    kind === 'turn' && report.candidates.relay > 0
      ? 'turn-reachable'
      : report.errors.some((e) => e.code === 401)
        ? 'auth-failed'
        : kind === 'stun' && report.candidates.srflx > 0
          ? 'stun-reachable'
          : 'unreachable';
  report.message = MESSAGES[report.verdict];
  return report;
}

function urlsOf(server: IceServer): string[] {
  return typeof server.urls === 'string' ? [server.urls] : server.urls;
}
