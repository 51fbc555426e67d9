/* global Peer -- PeerJS from /bench/peerjs.js, loaded before this script. */
const query = new URLSearchParams(location.search);
const options = {
  host: location.hostname,
  port: Number(location.port),
  path: '/peerjs',
  key: 'peerjs',
  pingInterval: 1000,
  debug: 0,
  config: {
    iceServers: JSON.parse(query.get('iceServers') ?? '[]'),
    iceTransportPolicy: query.get('iceTransport') ?? 'all',
  },
};
// The element's constraints (widget/src/media/local-media.ts).
const constraints = {
  audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
  video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } },
};

function openPeer() {
  return new Promise((resolve, reject) => {
    const peer = new Peer(query.get('id'), options);
    peer.on('open', () => resolve(peer));
    peer.on('error', reject);
  });
}

// Our server relays a call's signaling only between members of one room, so
// both pages join one first, as the element does: one message each way on the
// socket PeerJS already has.
function joinRoom(peer) {
  return new Promise((resolve) => {
    const room = query.get('room');
    peer.socket.on('message', (message) => {
      if (message.type === 'ROOM-EVENT' && message.payload?.room === room && message.payload.type === 'welcome') resolve();
    });
    peer.socket.send({ type: 'ROOM-JOIN', payload: { room, displayName: '' } });
  });
}

const show = (id, stream) => {
  const video = document.getElementById(id);
  if (video.srcObject !== stream) video.srcObject = stream;
};

// Callee: camera (shown), signaling, then answers whoever calls and shows their video.
window.ready = (async () => {
  if (query.get('role') !== 'callee') return;
  const stream = await navigator.mediaDevices.getUserMedia(constraints);
  show('local', stream);
  const peer = await openPeer();
  await joinRoom(peer);
  peer.on('call', (call) => {
    call.answer(stream);
    call.on('stream', (remote) => show('remote', remote));
  });
})();

// Caller: the same steps as the element's join(), then the call.
window.join = async (calleeId) => {
  const stream = await navigator.mediaDevices.getUserMedia(constraints);
  show('local', stream);
  const peer = await openPeer();
  await joinRoom(peer);
  window.__bench.marks.signaled = performance.now();
  const call = peer.call(calleeId, stream);
  call.on('stream', (remote) => show('remote', remote));
};
