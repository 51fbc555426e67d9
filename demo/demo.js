// The demo page: room and name come from the address (?room=…&name=…), so a
// link to this page is an invitation. A room is made up when none is given.
const params = new URLSearchParams(location.search);
if (!params.get('room')) {
  params.set('room', `demo-${crypto.getRandomValues(new Uint32Array(1))[0].toString(36)}`);
  history.replaceState(null, '', `?${params}`);
}
const room = params.get('room');
const name = params.get('name') ?? '';

const form = document.getElementById('room-form');
form.elements.room.value = room;
form.elements.name.value = name;

const shareLink = document.getElementById('share-link');
const invite = new URL(location.href);
invite.searchParams.delete('name');
shareLink.href = invite.href;
shareLink.textContent = invite.href;

const call = document.getElementById('call');
const log = document.getElementById('log');
for (const type of ['join', 'leave', 'participant-join', 'participant-leave', 'error']) {
  call.addEventListener(type, (event) => {
    const item = document.createElement('li');
    item.textContent = `${new Date().toLocaleTimeString()} ${type} ${JSON.stringify(event.detail)}`;
    log.prepend(item);
  });
}

call.setAttribute('room', room);
if (name) call.setAttribute('display-name', name);
// Pages can pass other attributes through the address too (audio=off, video=off,
// ice-transport=relay, prejoin=off, lang=es). Not ice-servers: an invite link
// carrying one would route the call's media through a TURN server of the link's author.
for (const attribute of ['audio', 'video', 'ice-transport', 'prejoin', 'lang']) {
  if (params.has(attribute)) call.setAttribute(attribute, params.get(attribute));
}
// A person sees the prejoin step (preview, devices, name) and joins with its button;
// with ?prejoin=off the page joins at once.
await customElements.whenDefined('video-chat-room');
if (call.getAttribute('prejoin') === 'off') call.join();
