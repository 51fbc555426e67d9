export declare const DEV_CONFIG: string;
export declare function hasTurnserver(): boolean;
export declare function newTurnSecret(): string;
export declare function freeTurnPort(count?: number): Promise<number>;
export interface RunningCoturn {
  port: number;
  log(): string;
  stop(): Promise<void>;
}
export declare function startCoturn(options: {
  secret: string;
  port?: number;
  configFile?: string;
  extraArgs?: string[];
}): Promise<RunningCoturn>;
export declare function stunAnswers(host: string, port: number, timeoutMs: number): Promise<boolean>;
