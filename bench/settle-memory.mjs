// Preloaded (`node --expose-gc --import`) into both servers the capacity benchmark
// starts, ours and the stock one alike: on the parent's `settle` message it
// runs full garbage collections and answers with process.memoryUsage(), so
// both are measured for what they hold, not for garbage V8 has yet to collect.
process.on('message', (message) => {
  if (message !== 'settle') return;
  globalThis.gc();
  setTimeout(() => {
    globalThis.gc();
    process.send(process.memoryUsage());
  }, 200);
});
// The IPC channel must not keep a server alive that would otherwise exit.
process.channel?.unref();
