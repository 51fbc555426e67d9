// The part of Meetecho's janode (plain JavaScript, no types of its own) that our server uses.
declare module 'janode' {
  import type { EventEmitter } from 'node:events';

  export interface JanodeConfig {
    address: { url: string; apisecret?: string; token?: string };
    is_admin?: boolean;
    retry_time_secs?: number;
    max_retries?: number;
    ws_options?: { handshakeTimeout?: number };
  }

  export interface JanodeHandle extends EventEmitter {
    id: number;
    detach(): Promise<void>;
  }

  export interface JanodeSession extends EventEmitter {
    id: number;
    attach<H extends JanodeHandle>(plugin: { id: string; Handle: new (...args: never[]) => H }): Promise<H>;
    destroy(): Promise<void>;
  }

  export interface JanodeConnection extends EventEmitter {
    create(keepAliveSeconds?: number): Promise<JanodeSession>;
    getInfo(): Promise<Record<string, unknown>>;
    sendRequest(request: Record<string, unknown>): Promise<Record<string, unknown>>;
    close(): Promise<void>;
  }

  const Janode: {
    connect(config: JanodeConfig): Promise<JanodeConnection>;
    Logger: { setLevel(level: 'debug' | 'verb' | 'info' | 'warn' | 'error' | 'none'): string };
    EVENT: { CONNECTION_CLOSED: string; CONNECTION_ERROR: string; SESSION_DESTROYED: string; HANDLE_DETACHED: string };
  };
  export default Janode;
}

declare module 'janode/plugins/videoroom' {
  import type { JanodeHandle } from 'janode';

  export interface VideoRoomHandle extends JanodeHandle {
    create(params: {
      room: string;
      description?: string;
      max_publishers?: number;
      permanent?: boolean;
      is_private?: boolean;
      secret?: string;
      pin?: string;
      admin_key?: string;
      bitrate?: number;
      videocodec?: string;
      audiocodec?: string;
      notify_joining?: boolean;
      require_pvtid?: boolean;
    }): Promise<{ room: string; permanent: boolean }>;
    destroy(params: { room: string; secret?: string; permanent?: boolean }): Promise<{ room: string }>;
    exists(params: { room: string }): Promise<{ room: string; exists: boolean }>;
    kick(params: { room: string; feed: string; secret?: string }): Promise<unknown>;
    listParticipants(params: { room: string; secret?: string }): Promise<{
      room: string;
      participants: { feed: string; display?: string; publisher: boolean }[];
    }>;
  }

  const VideoRoomPlugin: { id: string; Handle: new (...args: never[]) => VideoRoomHandle; EVENT: Record<string, string> };
  export default VideoRoomPlugin;
}
