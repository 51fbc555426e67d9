// The baseline's PeerJS: the same package, built by the same rollup plugins
// (node-resolve, our adapter stand-in, default ICE servers removed, terser)
// as the copy inside dist/video-chat-room.js, exposed as a global.
import { Peer } from 'peerjs';

window.Peer = Peer;
