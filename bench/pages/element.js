const query = new URLSearchParams(location.search);
const room = document.createElement('video-chat-room');
room.setAttribute('room', query.get('room') ?? 'bench');
room.setAttribute('display-name', query.get('name') ?? 'bench');
room.setAttribute('prejoin', query.get('prejoin') ?? 'off');
for (const attribute of ['ice-transport', 'max-bitrate', 'autojoin', 'audio', 'video']) {
  if (query.has(attribute)) room.setAttribute(attribute, query.get(attribute));
}
document.body.append(room);
