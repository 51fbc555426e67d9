import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Strings } from '../i18n/en.js';
import type { SessionState } from '../session/session-state.js';
import { icon } from './icons.js';

export interface CallControlsProps {
  state: SessionState;
  strings: Strings;
  /** Which optional buttons there are. */
  screenshare: boolean;
  fullscreen: boolean;
  chat: boolean;
  /** Which toggles are on. */
  inFullscreen: boolean;
  chatOpen: boolean;
  devicesOpen: boolean;
  unread: number;
  on: {
    microphone(): void;
    camera(): void;
    screenshare(): void;
    fullscreen(): void;
    chat(): void;
    devices(): void;
    leave(): void;
  };
}

/**
 * The bar of buttons during a call. Each has a stable accessible name and
 * `aria-pressed` for its state; the visible words follow the state and hide
 * on a narrow element, leaving the icon.
 */
export function callControls(p: CallControlsProps): TemplateResult {
  const { state, strings: t } = p;
  const button = (
    action: string,
    label: string,
    pressed: boolean | undefined,
    content: TemplateResult,
    onClick: () => void,
    disabled = false,
    extra = '',
  ) =>
    html`<button
      part="button"
      class=${extra}
      data-action=${action}
      aria-label=${label}
      aria-pressed=${ifDefined(pressed === undefined ? undefined : pressed ? 'true' : 'false')}
      ?disabled=${disabled}
      @click=${onClick}
    >
      ${content}
    </button>`;
  const labelled = (name: Parameters<typeof icon>[0], words: string) => html`${icon(name)}<span class="label">${words}</span>`;
  return html`
    <div class="controls" part="controls">
      ${button(
        'microphone',
        t.microphoneOn,
        !state.microphoneOn,
        labelled(state.microphoneOn ? 'microphone' : 'microphoneOff', state.microphoneOn ? t.microphoneOn : t.microphoneOff),
        p.on.microphone,
        !state.hasMicrophone,
      )}
      ${button(
        'camera',
        t.cameraOn,
        !state.cameraOn,
        labelled(state.cameraOn ? 'camera' : 'cameraOff', state.cameraOn ? t.cameraOn : t.cameraOff),
        p.on.camera,
        !state.hasCamera || state.screenSharing,
      )}
      ${
        p.screenshare
          ? button(
              'screenshare',
              t.shareScreen,
              state.screenSharing,
              labelled('screen', state.screenSharing ? t.stopSharing : t.shareScreen),
              p.on.screenshare,
            )
          : nothing
      }
      ${
        p.fullscreen
          ? button(
              'fullscreen',
              t.fullscreen,
              p.inFullscreen,
              labelled('fullscreen', p.inFullscreen ? t.exitFullscreen : t.fullscreen),
              p.on.fullscreen,
            )
          : nothing
      }
      ${
        p.chat
          ? button(
              'chat',
              p.unread ? `${t.chat} (${t.unread(p.unread)})` : t.chat,
              p.chatOpen,
              html`${labelled('chat', t.chat)}${p.unread ? html`<span class="badge" part="badge">${p.unread}</span>` : nothing}`,
              p.on.chat,
            )
          : nothing
      }
      ${button('devices', t.devices, p.devicesOpen, labelled('devices', t.devices), p.on.devices)}
      ${button('leave', t.leave, undefined, labelled('leave', t.leave), p.on.leave, false, 'danger')}
    </div>
  `;
}
