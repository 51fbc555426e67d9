// <video-chat-room> in a Vue 3 app: attributes and properties as props,
// events as `on<EventName>` (Vue listens for the hyphenated name).
import { createApp, h, ref } from 'vue';

const App = {
  setup() {
    const params = new URLSearchParams(location.search);
    const people = ref([]);
    const status = ref('joining');
    return () =>
      h('main', [
        h('h1', 'Vue 3'),
        h('video-chat-room', {
          room: params.get('room') ?? 'vue-demo',
          prejoin: params.get('prejoin') ?? 'on',
          'display-name': params.get('name') ?? 'Vue user',
          '.maxParticipants': 4,
          style: { display: 'block', height: '60vh' },
          onJoin: () => (status.value = 'joined'),
          onParticipantJoin: (event) => people.value.push(event.detail.displayName),
          onParticipantLeave: (event) => (people.value = people.value.filter((name) => name !== event.detail.displayName)),
        }),
        h(
          'p',
          { id: 'framework-status', 'data-status': status.value },
          `${status.value}; with: ${people.value.join(', ') || 'nobody yet'}`,
        ),
      ]);
  },
};

createApp(App).mount('#root');
