// <video-chat-room> in a React 19 app: attributes and properties as props,
// events as `on<event-name>` props (React 19 passes both to custom elements).
import { createElement as h, useState } from 'react';
import { createRoot } from 'react-dom/client';

function App() {
  const params = new URLSearchParams(location.search);
  const [people, setPeople] = useState([]);
  const [status, setStatus] = useState('joining');
  return h(
    'main',
    null,
    h('h1', null, 'React 19'),
    h('video-chat-room', {
      room: params.get('room') ?? 'react-demo',
      prejoin: params.get('prejoin') ?? 'on',
      'display-name': params.get('name') ?? 'React user',
      maxParticipants: 4,
      style: { display: 'block', height: '60vh' },
      onjoin: () => setStatus('joined'),
      'onparticipant-join': (event) => setPeople((list) => [...list, event.detail.displayName]),
      'onparticipant-leave': (event) => setPeople((list) => list.filter((name) => name !== event.detail.displayName)),
    }),
    h('p', { id: 'framework-status', 'data-status': status }, `${status}; with: ${people.join(', ') || 'nobody yet'}`),
  );
}

createRoot(document.getElementById('root')).render(h(App));
