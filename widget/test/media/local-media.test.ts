import { expect } from '@open-wc/testing';
import { LocalMedia } from '../../src/media/local-media.js';

/** A getUserMedia stand-in: real tracks (a canvas for the camera, WebAudio for the microphone), and what it was asked. */
function fakeDevices() {
  const asked: MediaStreamConstraints[] = [];
  const cameras: MediaStreamTrack[] = [];
  let release: (() => void) | undefined;
  const audio = new AudioContext();
  const devices = {
    asked,
    cameras,
    /** Holds the next camera opening until {@link letOpen}. */
    holdNext: false,
    letOpen: () => release?.(),
    async getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
      asked.push(constraints);
      const stream = new MediaStream();
      if (constraints.audio) stream.addTrack(audio.createMediaStreamDestination().stream.getAudioTracks()[0]);
      if (constraints.video) {
        if (devices.holdNext) {
          devices.holdNext = false;
          await new Promise<void>((resolve) => (release = resolve));
        }
        const camera = document.createElement('canvas').captureStream(5).getVideoTracks()[0];
        cameras.push(camera);
        stream.addTrack(camera);
      }
      return stream;
    },
  };
  return devices;
}

const videoOf = (media: LocalMedia) => media.stream.getVideoTracks();

describe('LocalMedia', () => {
  it('with the camera off at first, opens only the microphone, and holds a blank picture in the camera place', async () => {
    const devices = fakeDevices();
    const media = new LocalMedia(
      (c) => devices.getUserMedia(c),
      async () => true,
    );
    expect(await media.start({ audio: false, video: false })).to.equal(undefined);
    expect(devices.asked.map((c) => !!c.video)).to.deep.equal([false]);
    expect(media.has('video'), 'a camera to turn on later').to.equal(true);
    expect(media.isEnabled('video')).to.equal(false);
    expect(media.isEnabled('audio')).to.equal(false);
    expect(videoOf(media)).to.have.length(1);
    expect(videoOf(media)[0]).to.equal(media.videoTrack);
    media.stop();
  });

  it('with the camera on, makes no blank picture until the camera is turned off', async () => {
    const devices = fakeDevices();
    const captureStream = HTMLCanvasElement.prototype.captureStream;
    let captures = 0;
    HTMLCanvasElement.prototype.captureStream = function (this: HTMLCanvasElement, ...args) {
      captures++;
      return captureStream.apply(this, args);
    };
    try {
      const media = new LocalMedia((c) => devices.getUserMedia(c));
      await media.start({ audio: true, video: true });
      // The fake camera is a canvas too: only captures beyond its own are blanks.
      expect(captures - devices.cameras.length, 'blanks made while the camera is on').to.equal(0);
      expect(videoOf(media)).to.deep.equal([devices.cameras[0]]);
      await media.setCamera(false);
      expect(captures - devices.cameras.length, 'blanks made once it is off').to.equal(1);
      expect(videoOf(media)).to.deep.equal([media.videoTrack]);
      media.stop();
    } finally {
      HTMLCanvasElement.prototype.captureStream = captureStream;
    }
  });

  it('turning the camera off stops it; on opens it again in the same place', async () => {
    const devices = fakeDevices();
    const media = new LocalMedia((c) => devices.getUserMedia(c));
    await media.start({ audio: true, video: true });
    const [first] = devices.cameras;
    expect(videoOf(media)).to.deep.equal([first]);

    await media.setCamera(false);
    expect(first.readyState).to.equal('ended');
    expect(videoOf(media)).to.have.length(1);
    expect(videoOf(media)[0]).to.not.equal(first);

    const opening = media.setCamera(true);
    expect(media.isEnabled('video'), 'on at once, while it opens').to.equal(true);
    expect(await opening).to.equal(undefined);
    const [, second] = devices.cameras;
    expect(videoOf(media)).to.deep.equal([second]);
    expect(media.videoTrack).to.equal(second);
    media.stop();
    expect(second.readyState).to.equal('ended');
  });

  it('a camera or microphone that stops by itself is reported; the camera is then off, with the blank in its place', async () => {
    const devices = fakeDevices();
    const media = new LocalMedia((c) => devices.getUserMedia(c));
    const lost: string[] = [];
    media.onDeviceLost = (kind) => lost.push(kind);
    await media.start({ audio: true, video: true });
    // Turning it off ourselves is not a loss.
    await media.setCamera(false);
    await media.setCamera(true);
    expect(lost).to.deep.equal([]);
    const [, camera] = devices.cameras;
    const [microphone] = media.stream.getAudioTracks();

    // What Chromium fires when a device is unplugged.
    camera.dispatchEvent(new Event('ended'));
    expect(lost).to.deep.equal(['video']);
    expect(media.isEnabled('video')).to.equal(false);
    expect(videoOf(media)).to.have.length(1);
    expect(videoOf(media)[0]).to.not.equal(camera);
    expect(media.videoTrack).to.equal(videoOf(media)[0]);

    microphone.dispatchEvent(new Event('ended'));
    expect(lost).to.deep.equal(['video', 'audio']);
    expect(media.has('audio')).to.equal(false);
    // Turned on again, the camera opens afresh.
    expect(await media.setCamera(true)).to.equal(undefined);
    expect(videoOf(media)).to.deep.equal([devices.cameras[2]]);
    media.stop();
  });

  it('a microphone picked after one went away while muted comes muted; a track ending as its device is switched is no loss', async () => {
    const devices = fakeDevices();
    const media = new LocalMedia((c) => devices.getUserMedia(c));
    const lost: string[] = [];
    media.onDeviceLost = (kind) => lost.push(kind);
    await media.start({ audio: true, video: true });
    media.setMicrophone(false);
    media.stream.getAudioTracks()[0].dispatchEvent(new Event('ended'));
    expect(lost).to.deep.equal(['audio']);
    const next = (await media.switchDevice('audio', 'another'))!;
    expect(next.enabled, 'still muted').to.equal(false);
    expect(media.isEnabled('audio')).to.equal(false);

    // Some platforms end the old camera as soon as the new one opens.
    const [old] = devices.cameras;
    devices.holdNext = true;
    const switching = media.switchDevice('video', 'other-camera');
    old.dispatchEvent(new Event('ended'));
    devices.letOpen();
    const camera = await switching;
    expect(lost, 'not a loss').to.deep.equal(['audio']);
    expect(camera).to.equal(devices.cameras[1]);
    expect(media.isEnabled('video')).to.equal(true);
    expect(videoOf(media)).to.deep.equal([camera]);
    media.stop();
  });

  it('a camera turned off while it was still opening is closed as soon as it opens', async () => {
    const devices = fakeDevices();
    const media = new LocalMedia((c) => devices.getUserMedia(c));
    await media.start({ audio: true, video: false });
    devices.holdNext = true;
    const opening = media.setCamera(true);
    await media.setCamera(false);
    devices.letOpen();
    await opening;
    expect(devices.cameras).to.have.length(1);
    expect(devices.cameras[0].readyState).to.equal('ended');
    expect(media.isEnabled('video')).to.equal(false);
    expect(videoOf(media)[0]).to.not.equal(devices.cameras[0]);
    media.stop();
  });

  it('a camera picked while it is off is remembered, not opened, and used when it is turned on', async () => {
    const devices = fakeDevices();
    const media = new LocalMedia((c) => devices.getUserMedia(c));
    await media.start({ audio: true, video: false });
    expect(await media.switchDevice('video', 'camera-2')).to.equal(undefined);
    expect(devices.cameras).to.have.length(0);
    expect(media.devices.videoinput).to.equal('camera-2');
    await media.setCamera(true);
    const asked = devices.asked.at(-1)!.video as MediaTrackConstraints;
    expect(asked.deviceId).to.deep.equal({ ideal: 'camera-2' });
    media.stop();
  });

  it('a camera that cannot be opened again is reported, and the camera stays off', async () => {
    const media = new LocalMedia(async (c) => {
      if (c.video) throw new DOMException('in use', 'NotReadableError');
      return new MediaStream();
    });
    await media.start({ audio: true, video: false });
    const problem = await media.setCamera(true);
    expect(problem?.code).to.equal('device-in-use');
    expect(media.isEnabled('video')).to.equal(false);
    media.stop();
  });
});
