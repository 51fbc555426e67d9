/** The bounds of `max-bitrate`; the budget itself (uplink-budget.ts) loads once calls connect. */

/** Total video uplink in kbit/s when the page does not say: a typical home upload with room for audio. */
export const DEFAULT_MAX_BITRATE_KBPS = 2500;
/** Below this, even a thumbnail to one peer looks broken. */
export const MIN_MAX_BITRATE_KBPS = 100;
/** Above this, no camera needs more and the number is probably a typo (bits for kbits). */
export const MAX_MAX_BITRATE_KBPS = 100_000;
