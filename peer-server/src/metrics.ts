import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * What the server counts, in Prometheus' text format at `/metrics`. One
 * registry per server, so several servers in one process (tests) do not mix.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly joins = new Counter({ name: 'vcr_joins_total', help: 'Room joins accepted.', registers: [this.registry] });
  readonly joinRefusals = new Counter({
    name: 'vcr_join_refusals_total',
    help: 'Rooms API requests refused, by error code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  readonly turnCredentials = new Counter({
    name: 'vcr_turn_credentials_issued_total',
    help: 'TURN credentials issued (joins and renewals).',
    registers: [this.registry],
  });
  readonly errors = new Counter({ name: 'vcr_errors_total', help: 'Unexpected server errors.', registers: [this.registry] });
  readonly signalingFloods = new Counter({
    name: 'vcr_signaling_budget_closed_total',
    help: 'Signaling sockets closed for sending more than the signaling budget.',
    registers: [this.registry],
  });
  readonly signalingDropped = new Counter({
    name: 'vcr_signaling_dropped_total',
    help: 'Signaling frames not relayed, by reason: stranger (no shared room), offer-limit, queue-full.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly signalingBackedUp = new Counter({
    name: 'vcr_signaling_backed_up_closed_total',
    help: 'Signaling sockets cut for leaving more than 1 MiB sent to them unread.',
    registers: [this.registry],
  });
  readonly signalingRejected = new Counter({
    name: 'vcr_signaling_rejected_total',
    help: 'Signaling frames PeerServer could not use (malformed JSON, oversized, not UTF-8) and sockets refused for a bad or taken id: what clients sent, not our faults.',
    registers: [this.registry],
  });

  constructor(current: { peers: () => number; rooms: () => number; members: () => number }) {
    new Gauge({
      name: 'vcr_connected_peers',
      help: 'PeerJS sockets open now.',
      registers: [this.registry],
      collect() {
        this.set(current.peers());
      },
    });
    new Gauge({
      name: 'vcr_rooms',
      help: 'Rooms with at least one member.',
      registers: [this.registry],
      collect() {
        this.set(current.rooms());
      },
    });
    new Gauge({
      name: 'vcr_room_members',
      help: 'Members in all rooms.',
      registers: [this.registry],
      collect() {
        this.set(current.members());
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'vcr_' });
  }
}
