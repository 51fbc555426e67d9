import type { ReactiveControllerHost, TemplateResult } from 'lit';

export interface ChatPanelOptions<Panel> {
  /** Loads the panel's code (and adds its styles to the host). */
  load(): Promise<Panel>;
  /** Whether files may be sent now (joined, and `files` on). */
  canSendFiles(): boolean;
  sendFile(file: File): Promise<void>;
}

/**
 * The chat and files panel: open or closed, the count of messages that came
 * while it was closed, files dropped on the element, and its code, a chunk of
 * its own loaded once in the call (or when first opened). The host renders it
 * with its own template.
 */
export class ChatPanelController<Panel> {
  #panel: Panel | undefined;
  #loading = false;
  #open = false;
  #unread = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: ChatPanelOptions<Panel>,
  ) {
    host.addEventListener('chat-message', (e) => {
      if (!(e as CustomEvent<{ local: boolean }>).detail.local && !this.#open) this.#unread++;
      host.requestUpdate();
    });
  }

  get open(): boolean {
    return this.#open;
  }

  /** Messages received while the panel was closed. */
  get unread(): number {
    return this.#unread;
  }

  /** Opens or closes the panel; without an argument, flips it. Returns the new state. */
  toggle(open?: boolean): boolean {
    this.#open = open ?? !this.#open;
    if (this.#open) {
      this.#unread = 0;
      this.load();
    }
    this.host.requestUpdate();
    return this.#open;
  }

  /** Loads the panel's code, once; a failed load is tried again at the next call. */
  load(): void {
    if (this.#panel || this.#loading) return;
    this.#loading = true;
    this.options.load().then(
      (panel) => {
        this.#panel = panel;
        this.host.requestUpdate();
      },
      (error: unknown) => {
        // Opening the chat tries again.
        this.#loading = false;
        console.warn('[video-chat-room] the chat panel could not load', error);
      },
    );
  }

  /** Files dropped on the element or picked in the panel: the panel opens, and each goes to everyone. */
  sendFiles(files: File[]): void {
    if (files.length) this.toggle(true);
    // Failures show as notices and in the transfer list; the promise is the page's to watch.
    for (const file of files) this.options.sendFile(file).catch(() => {});
  }

  readonly onDragOver = (event: DragEvent) => {
    if (!this.options.canSendFiles() || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };

  readonly onDrop = (event: DragEvent) => {
    if (!this.options.canSendFiles()) return;
    event.preventDefault();
    this.sendFiles([...(event.dataTransfer?.files ?? [])]);
  };

  /** The panel, rendered by the host's `template`, once its code has loaded. */
  render(template: (panel: Panel) => TemplateResult): TemplateResult | undefined {
    return this.#panel ? template(this.#panel) : undefined;
  }
}
