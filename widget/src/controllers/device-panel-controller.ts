import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import type { DeviceLists } from '../media/devices.js';

/** What the in-call device pickers' code (a chunk of its own) must give. */
export interface DevicePanelCode {
  listDevices(numbered: (kind: MediaDeviceKind, n: number) => string): Promise<DeviceLists>;
}

/**
 * The in-call device pickers, open or closed, with the devices listed afresh
 * at each opening; and the speaker the call's sound goes to, set on every
 * remote video (`setSinkId`) once picked.
 */
export class DevicePanelController<Panel extends DevicePanelCode> implements ReactiveController {
  /** The speaker the call's sound goes to, once picked. */
  speaker: string | undefined;
  #open = false;
  #lists: DeviceLists | undefined;
  #panel: Panel | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: {
      /** Loads the pickers' code (and adds their styles to the host). */
      load(): Promise<Panel>;
      numberedDevice(kind: MediaDeviceKind, n: number): string;
      /** The videos whose sound is the call's. */
      remoteVideos(): HTMLVideoElement[];
    },
  ) {
    host.addController(this);
  }

  get open(): boolean {
    return this.#open;
  }

  /** Opens or closes the pickers, listing devices afresh. */
  async toggle(): Promise<void> {
    this.#open = !this.#open;
    if (this.#open) {
      this.#panel ??= await this.options.load();
      this.#lists = await this.#panel.listDevices(this.options.numberedDevice);
    }
    this.host.requestUpdate();
  }

  /** The pickers, rendered by the host's `template`, while open and listed. */
  render(template: (panel: Panel, lists: DeviceLists) => TemplateResult): TemplateResult | undefined {
    return this.#open && this.#panel && this.#lists ? template(this.#panel, this.#lists) : undefined;
  }

  hostUpdated(): void {
    if (!this.speaker) return;
    for (const video of this.options.remoteVideos()) {
      if (video.sinkId !== this.speaker) video.setSinkId(this.speaker).catch(() => {});
    }
  }
}
