// How many of a run's tags fit the Tags column, estimated from the column's width and
// the tags' lengths (one measurement per table, none per row): the rest go into a
// `+N` chip, so a tag past the cell's edge never just vanishes.

/** Width of the `+N` chip with its gap. */
const CHIP_PX = 34;
const GAP_PX = 4;
/** Padding of a tag (6 px each side) and a generous average glyph width at 11.5 px. */
const TAG_PAD_PX = 12;
const CHAR_PX = 7;
const PIN_PX = 13;

export function tagWidthPx(tag: string): number {
  return TAG_PAD_PX + tag.length * CHAR_PX + (tag === 'keep' ? PIN_PX : 0);
}

/** The number of leading tags to show in `widthPx`; the others are summarised as `+N`. */
export function tagsThatFit(tags: readonly string[], widthPx: number): number {
  let used = 0;
  for (let i = 0; i < tags.length; i++) {
    const w = (i ? GAP_PX : 0) + tagWidthPx(tags[i]!);
    const room = i === tags.length - 1 ? widthPx : widthPx - CHIP_PX;
    if (used + w > room) return i;
    used += w;
  }
  return tags.length;
}
