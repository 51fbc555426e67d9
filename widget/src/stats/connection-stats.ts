/** What one connection to a participant is doing, read from `getStats()`. */
export interface ConnectionStats {
  peerId: string;
  /** Bytes of audio received so far. */
  audioBytesReceived: number;
  /** Video frames decoded so far. */
  videoFramesDecoded: number;
  /** `host`, `srflx`, `prflx` or `relay`: how this side reaches the other, once connected. */
  localCandidateType?: string;
  /** Seconds, from the selected candidate pair. */
  roundTripTime?: number;
  /** The id of the local track this connection sends as video (camera or screen). */
  sentVideoTrackId?: string;
  /** Loudness of their sound now, 0 to 1. */
  audioLevel?: number;
  /** Running sums from which the loudness over any interval follows (see `CallQuality`). */
  totalAudioEnergy?: number;
  totalSamplesDuration?: number;
  /** Packets received and lost so far, audio and video. */
  packetsReceived: number;
  packetsLost: number;
  /** Bits per second the connection estimates it can send. */
  availableOutgoingBitrate?: number;
  /** Our video to them is held back by what the link can carry (`qualityLimitationReason` "bandwidth"). */
  videoLimitedByBandwidth?: boolean;
}

/** Summarises an `RTCStatsReport` into {@link ConnectionStats}. */
export function summariseStats(peerId: string, report: RTCStatsReport): ConnectionStats {
  const summary: ConnectionStats = { peerId, audioBytesReceived: 0, videoFramesDecoded: 0, packetsReceived: 0, packetsLost: 0 };
  let selectedPairId: string | undefined;
  const byId = new Map<string, Record<string, unknown>>();
  report.forEach((stat: Record<string, unknown>) => {
    byId.set(stat.id as string, stat);
    if (stat.type === 'inbound-rtp') {
      summary.packetsReceived += Number(stat.packetsReceived ?? 0);
      summary.packetsLost += Math.max(0, Number(stat.packetsLost ?? 0));
    }
    if (stat.type === 'inbound-rtp' && stat.kind === 'audio') {
      summary.audioBytesReceived += Number(stat.bytesReceived ?? 0);
      if (typeof stat.audioLevel === 'number') summary.audioLevel = Math.max(summary.audioLevel ?? 0, stat.audioLevel);
      if (typeof stat.totalAudioEnergy === 'number') summary.totalAudioEnergy = stat.totalAudioEnergy;
      if (typeof stat.totalSamplesDuration === 'number') summary.totalSamplesDuration = stat.totalSamplesDuration;
    }
    if (stat.type === 'inbound-rtp' && stat.kind === 'video') summary.videoFramesDecoded += Number(stat.framesDecoded ?? 0);
    if (stat.type === 'outbound-rtp' && stat.kind === 'video' && stat.qualityLimitationReason === 'bandwidth')
      summary.videoLimitedByBandwidth = true;
    if (stat.type === 'transport' && typeof stat.selectedCandidatePairId === 'string')
      selectedPairId = stat.selectedCandidatePairId;
    if (stat.type === 'media-source' && stat.kind === 'video' && typeof stat.trackIdentifier === 'string') {
      summary.sentVideoTrackId = stat.trackIdentifier;
    }
  });
  const pair = selectedPairId ? byId.get(selectedPairId) : undefined;
  if (pair) {
    const local = byId.get(pair.localCandidateId as string);
    if (typeof local?.candidateType === 'string') summary.localCandidateType = local.candidateType;
    if (typeof pair.currentRoundTripTime === 'number') summary.roundTripTime = pair.currentRoundTripTime;
    if (typeof pair.availableOutgoingBitrate === 'number') summary.availableOutgoingBitrate = pair.availableOutgoingBitrate;
  }
  return summary;
}

/** Statistics of the connections to `participants`, over `path` (zeros for one with no connection yet). */
export function summariseConnections(
  path: { connectionTo(peerId: string): RTCPeerConnection | undefined },
  participants: readonly { id: string }[],
): Promise<ConnectionStats[]> {
  const reports = participants.map(async ({ id }) => {
    const connection = path.connectionTo(id);
    return connection
      ? summariseStats(id, await connection.getStats())
      : { peerId: id, audioBytesReceived: 0, videoFramesDecoded: 0, packetsReceived: 0, packetsLost: 0 };
  });
  return Promise.all(reports);
}
