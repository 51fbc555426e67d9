import { Peer } from 'peerjs';
import { RoomError } from '../errors.js';
import { en } from '../i18n/en.js';

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

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

/** Throws why a call cannot work on this page with this server: not secure, no WebRTC, or mixed content. */
export function checkPage(env: SessionEnvironment, server: URL): void {
  if (!env.isSecureContext) throw new RoomError('insecure-context', en.errors['insecure-context']);
  if (!env.hasWebRTC) throw new RoomError('webrtc-unsupported', en.errors['webrtc-unsupported']);
  const httpsPage = new URL(env.pageUrl).protocol === 'https:';
  if (httpsPage && server.protocol === 'http:' && !LOOPBACK_HOST.test(server.hostname)) {
    throw new RoomError('mixed-content', en.errors['mixed-content']);
  }
}
