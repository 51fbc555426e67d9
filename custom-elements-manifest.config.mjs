/** custom-elements.json from the element's JSDoc (@attr, @fires, @csspart, @cssprop). */
export default {
  globs: ['widget/src/video-chat-room.ts', 'widget/src/video-chat-room-attributes.ts', 'widget/src/index.ts'],
  exclude: ['widget/test/**'],
  litelement: true,
  // package.json already names custom-elements.json; the test's check run writes elsewhere and must not repoint it.
  packagejson: false,
};
