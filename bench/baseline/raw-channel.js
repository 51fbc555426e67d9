const pc = new RTCPeerConnection({ iceServers: [] });
const gathered = () =>
  new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
  });
let channel;
const opened = new Promise((resolve) => {
  pc.addEventListener('datachannel', (e) => {
    channel = e.channel;
    channel.binaryType = 'arraybuffer';
    resolve();
  });
});

/**
 * With `?call=1`, the two pages are also in a video call on the same
 * connection, as two people in the element's call are: camera (720p, 30 fps,
 * as the element asks) and microphone sent both ways, the own camera and the
 * other's video shown, the other's sound played.
 */
const withCall = new URLSearchParams(location.search).has('call');
async function addCall() {
  const camera = await navigator.mediaDevices.getUserMedia({
    audio: true,
    video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } },
  });
  for (const track of camera.getTracks()) pc.addTrack(track, camera);
  const self = Object.assign(document.createElement('video'), { muted: true, autoplay: true, playsInline: true });
  self.srcObject = camera;
  self.style.width = '480px';
  document.body.prepend(self);
}
// The other's video: listened for from the start, as the answerer hears of its tracks while it takes the offer.
const other = Object.assign(document.createElement('video'), { autoplay: true, playsInline: true });
if (withCall) {
  other.style.width = '480px';
  document.body.append(other);
  pc.addEventListener('track', (e) => (other.srcObject = e.streams[0]));
}

/** Resolves once the other's video has painted frames (call only). */
window.callUp = async () => {
  if (!withCall) return;
  while (!(other.videoWidth > 0 && other.getVideoPlaybackQuality().totalVideoFrames > 10)) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

window.offer = async () => {
  if (withCall) await addCall();
  channel = pc.createDataChannel('file', { ordered: true });
  channel.binaryType = 'arraybuffer';
  await pc.setLocalDescription();
  await gathered();
  return pc.localDescription.toJSON();
};
window.answer = async (offer) => {
  await pc.setRemoteDescription(offer);
  if (withCall) await addCall();
  await pc.setLocalDescription();
  await gathered();
  return pc.localDescription.toJSON();
};
window.accept = async (answer) => {
  await pc.setRemoteDescription(answer);
  if (channel.readyState !== 'open') await new Promise((resolve) => channel.addEventListener('open', resolve));
};

/** Receiver: resolves with the epoch time (ms) the last of `total` bytes arrived. */
window.receive = async (total) => {
  await opened;
  let received = 0;
  return new Promise((resolve) => {
    channel.onmessage = (e) => {
      received += e.data.byteLength;
      if (received >= total) resolve(performance.timeOrigin + performance.now());
    };
  });
};

/** Sender: sends `total` bytes in `chunk`-byte messages with at most `bufferWindow` buffered; returns the start epoch (ms). */
window.send = async (total, chunk, bufferWindow) => {
  const data = new Uint8Array(chunk);
  crypto.getRandomValues(data.subarray(0, 65536));
  channel.bufferedAmountLowThreshold = bufferWindow / 2;
  const started = performance.timeOrigin + performance.now();
  for (let sent = 0; sent < total; sent += chunk) {
    if (channel.bufferedAmount > bufferWindow) {
      await new Promise((resolve) => (channel.onbufferedamountlow = resolve));
    }
    channel.send(sent + chunk <= total ? data : data.subarray(0, total - sent));
  }
  return started;
};
