import { Peer } from 'peerjs';

/** What a session needs from the outside world; tests hand in their own. */
export interface SessionEnvironment {
  createPeer(id: string, options: ConstructorParameters<typeof Peer>[1]): Peer;
  fetch: typeof fetch;
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  getDisplayMedia(constraints: DisplayMediaStreamOptions): Promise<MediaStream>;
  isSecureContext: boolean;
  hasWebRTC: boolean;
  /** The address of the page the element is on. */
  pageUrl: string;
  /** Whether the page's Permissions Policy lets it use `feature` (false in an iframe without `allow`). */
  allowsFeature(feature: 'camera' | 'microphone'): boolean;
}

export const browserEnvironment = (): SessionEnvironment => ({
  createPeer: (id, options) => new Peer(id, options),
  fetch: (...args) => fetch(...args),
  getUserMedia: (c) => navigator.mediaDevices.getUserMedia(c),
  getDisplayMedia: (c) => navigator.mediaDevices.getDisplayMedia(c),
  isSecureContext: globalThis.isSecureContext,
  hasWebRTC: typeof RTCPeerConnection === 'function',
  pageUrl: location.href,
  allowsFeature: (feature) => {
    const policy = (document as { featurePolicy?: { allowsFeature(f: string): boolean } }).featurePolicy;
    return policy ? policy.allowsFeature(feature) : true;
  },
});
