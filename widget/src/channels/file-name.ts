/** Longest file name offered for download, in characters (most file systems allow 255 bytes). */
export const MAX_FILE_NAME_LENGTH = 120;

// Path separators, characters Windows refuses, control characters, and the
// invisible bidirectional overrides that make "txt.exe" display as "exe.txt".
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * A file name from another participant, made safe to show and to save: no
 * path, no hidden characters, no leading dots, not a reserved device name,
 * not too long (the extension is kept when shortening).
 */
export function sanitiseFileName(name: unknown): string {
  let safe = (typeof name === 'string' ? name : '').normalize('NFC').replace(UNSAFE, '_').trim();
  safe = safe.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (WINDOWS_RESERVED.test(safe)) safe = `_${safe}`;
  const characters = [...safe];
  if (characters.length > MAX_FILE_NAME_LENGTH) {
    const dot = safe.lastIndexOf('.');
    const extension = dot > 0 ? [...safe.slice(dot)].slice(0, 16).join('') : '';
    safe = characters.slice(0, MAX_FILE_NAME_LENGTH - extension.length).join('') + extension;
  }
  return safe || 'file';
}
