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

window.offer = async () => {
  channel = pc.createDataChannel('file', { ordered: true });
  channel.binaryType = 'arraybuffer';
  await pc.setLocalDescription();
  await gathered();
  return pc.localDescription.toJSON();
};
window.answer = async (offer) => {
  await pc.setRemoteDescription(offer);
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
