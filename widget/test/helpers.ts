import { fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { VideoChatRoom } from '../src/video-chat-room.js';

let serverUrl: string | undefined;

/** The real video chat server the test runner started for these tests. */
export async function testServer(): Promise<string> {
  serverUrl ??= ((await (await fetch('/test-server.json')).json()) as { url: string }).url;
  return serverUrl;
}

/** A second real server, whose rooms hold two people. */
export async function pairsServer(): Promise<string> {
  return ((await (await fetch('/test-server.json')).json()) as { pairs: string }).pairs;
}

export function uniqueRoom(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

/** An element joined to `room` on the test server. */
export async function joinedElement(
  room: string,
  name: string,
  attrs: { audio?: string; video?: string } = {},
): Promise<VideoChatRoom> {
  const server = await testServer();
  const el = await fixture<VideoChatRoom>(html`
    <video-chat-room
      room=${room}
      server=${server}
      display-name=${name}
      audio=${attrs.audio ?? 'on'}
      video=${attrs.video ?? 'on'}
      prejoin="off"
    ></video-chat-room>
  `);
  if (el.status !== 'joined') await oneEvent(el, 'join');
  return el;
}

export function shadow(el: Element): ShadowRoot {
  return el.shadowRoot!;
}

export async function waitForStatus(el: VideoChatRoom, status: string): Promise<void> {
  await waitUntil(() => el.status === status, `status never became ${status} (is ${el.status})`, { timeout: 15000 });
}

/** Waits for the call's stage and its controls: they show a moment after the join (their code loads meanwhile). */
export async function stageShown(el: VideoChatRoom): Promise<void> {
  await waitUntil(
    () => shadow(el).querySelector('.stage') && shadow(el).querySelector('[data-action=microphone]'),
    'the stage never showed',
    {
      timeout: 5000,
    },
  );
}

/** The stream in `el`'s self view, once it shows (it waits for the join's calls). */
export async function selfViewStream(el: VideoChatRoom): Promise<MediaStream> {
  const video = () => shadow(el).querySelector<HTMLVideoElement>('.local video');
  await waitUntil(() => video()?.srcObject, 'the self view never showed', { timeout: 5000 });
  return video()!.srcObject as MediaStream;
}
