export declare const CONFIG_TEMPLATES: string;
export declare function hasJanus(): boolean;
export declare function newJanusSecret(): string;
export declare function freeTcpPort(): Promise<number>;
export declare function renderJanusConfig(values: Record<string, string | number>): string;
export interface RunningJanus {
  /** Janus API, e.g. ws://127.0.0.1:PORT */
  url: string;
  /** Admin API, e.g. ws://127.0.0.1:PORT */
  adminUrl: string;
  apiSecret: string;
  adminSecret: string;
  pid: number | undefined;
  log(): string;
  stop(): Promise<void>;
}
export declare function startJanus(options?: { iceInterfaces?: string }): Promise<RunningJanus>;
