/**
 * Which simulcast layer each remote tile receives from the media server.
 * Janus numbers a publisher's layers (substreams) from 0, the smallest.
 */
export type Layer = 0 | 1 | 2;

/** A remote tile as the page lays it out. */
export interface TileView {
  feedId: string;
  /** On screen (not scrolled away, not in a hidden page). */
  visible: boolean;
  /** Height of the tile's video box in device pixels. */
  heightPx: number;
  /** The active speaker. */
  speaking: boolean;
  /** Pinned or spotlit by this person. */
  pinned: boolean;
}

/**
 * Frame heights of the three layers a page publishes (sendEncodings scaled
 * down by 4, 2 and 1 from a 720p camera): a tile gets the smallest layer at
 * least as tall as it is shown, so no layer is upscaled by more than a little.
 */
export const LAYER_HEIGHTS: readonly [number, number, number] = [180, 360, 720];

/** How much smaller than the tile a layer may be (a 200 px tile still takes the 180p layer). */
const UPSCALE_TOLERANCE = 1.15;

/**
 * The layer for each tile; `null` for a tile that is not visible, whose video
 * is not sent at all. The active speaker and a pinned tile get the top layer.
 */
export function chooseLayers(tiles: readonly TileView[], heights: readonly number[] = LAYER_HEIGHTS): Map<string, Layer | null> {
  const top = (heights.length - 1) as Layer;
  const choice = new Map<string, Layer | null>();
  for (const tile of tiles) {
    if (!tile.visible) choice.set(tile.feedId, null);
    else if (tile.speaking || tile.pinned) choice.set(tile.feedId, top);
    else {
      const fits = heights.findIndex((height) => height * UPSCALE_TOLERANCE >= tile.heightPx);
      choice.set(tile.feedId, (fits === -1 ? top : fits) as Layer);
    }
  }
  return choice;
}

/** The entries of `next` that differ from `previous`: only those are sent to Janus. */
export function changedLayers(
  previous: ReadonlyMap<string, Layer | null>,
  next: ReadonlyMap<string, Layer | null>,
): Map<string, Layer | null> {
  const changed = new Map<string, Layer | null>();
  for (const [feedId, layer] of next) if (previous.get(feedId) !== layer || !previous.has(feedId)) changed.set(feedId, layer);
  return changed;
}
