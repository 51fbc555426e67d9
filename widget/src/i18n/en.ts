import type { ErrorCode } from '../errors.js';

/** English strings. Other languages follow the same shape. */
export const en = {
  join: 'Join',
  rejoin: 'Join again',
  retry: 'Try again',
  leave: 'Leave',
  joining: 'Joining…',
  reconnecting: 'Reconnecting to the server… (your call goes on)',
  left: 'You left the call.',
  waitingForOthers: 'Waiting for others to join…',
  you: 'You',
  microphoneOn: 'Mute microphone',
  microphoneOff: 'Unmute microphone',
  cameraOn: 'Turn camera off',
  cameraOff: 'Turn camera on',
  shareScreen: 'Share screen',
  stopSharing: 'Stop sharing',
  fullscreen: 'Full screen',
  exitFullscreen: 'Exit full screen',
  connecting: 'Connecting…',
  connectionLost: 'Connection lost',
  guest: 'Guest',
  enableSound: 'Enable sound',
  errors: {
    'invalid-room': 'The room name is missing or invalid: use 1-64 letters, digits, ".", "_" or "-".',
    'invalid-server': 'The server address is not a valid http(s) URL.',
    'invalid-attribute': 'An attribute of <video-chat-room> has a value it does not accept.',
    'insecure-context': 'Video calls need a secure page: open this page over https.',
    'mixed-content':
      'This page is https but the server attribute is http: browsers block that. Use the https:// address of the server.',
    'iframe-permissions':
      'This page\'s iframe does not allow camera and microphone, so you joined to watch and listen only. The site must add allow="camera; microphone; display-capture; fullscreen; autoplay" to the <iframe> tag.',
    'autoplay-blocked': 'The browser held back the sound of the call. Click "Enable sound" to hear the others.',
    'webrtc-unsupported': 'This browser cannot make video calls. Try a current Chrome, Edge, Firefox or Safari.',
    'permission-denied':
      'Camera and microphone are blocked, so others cannot see or hear you. Allow them in the address bar and join again.',
    'no-devices': 'No camera or microphone was found: you joined to watch and listen only.',
    'device-in-use': 'Your camera or microphone is in use by another app: you joined to watch and listen only.',
    'server-unreachable': 'The video chat server cannot be reached. Check your connection and try again.',
    'room-full': 'This room is full.',
    'peer-unverified': 'The server did not recognise this connection. Try again.',
    'token-rejected':
      'This room needs a valid invitation, and this one was refused or has expired. Reload the page to get a new one.',
    'origin-not-allowed': 'This site is not allowed to use this video chat server.',
    'signaling-lost': 'Lost the connection to the server; calls in progress go on.',
    'connection-failed': 'Could not connect to a participant. Their network may need a TURN server.',
    'turn-unreachable': 'The relay (TURN) server cannot be reached, so private (relay-only) calls cannot connect.',
    'turn-auth-failed': 'The relay (TURN) server refused our credentials, so private (relay-only) calls cannot connect.',
    'rate-limited': 'Too many attempts from this network: wait a minute and try again.',
  } satisfies Record<ErrorCode, string>,
};

export type Strings = typeof en;
