export type DeviceKind = 'audioinput' | 'videoinput' | 'audiooutput';

export interface DeviceOption {
  deviceId: string;
  label: string;
}

export type DeviceLists = Record<DeviceKind, DeviceOption[]>;

export const NO_DEVICES: DeviceLists = Object.freeze({ audioinput: [], videoinput: [], audiooutput: [] });

/**
 * The cameras, microphones and speakers the browser lists. Labels are only
 * given once the page may use a device; until then they are numbered.
 */
export async function listDevices(numbered: (kind: DeviceKind, n: number) => string): Promise<DeviceLists> {
  if (!navigator.mediaDevices?.enumerateDevices) return NO_DEVICES;
  const lists: DeviceLists = { audioinput: [], videoinput: [], audiooutput: [] };
  for (const device of await navigator.mediaDevices.enumerateDevices()) {
    const list = lists[device.kind];
    // Chrome lists "default" and "communications" aliases of real devices: keep the real ones.
    if (!device.deviceId || device.deviceId === 'communications') continue;
    list.push({ deviceId: device.deviceId, label: device.label || numbered(device.kind, list.length + 1) });
  }
  return lists;
}

/** Whether this browser can send a media element's sound to a chosen speaker. */
export const canPickSpeaker = (): boolean => typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
