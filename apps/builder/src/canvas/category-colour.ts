import type { NodeCategory } from "@ringflow/flow-schema";

/**
 * One colour per palette section, used by the palette, the blocks and the minimap so a block's kind can be
 * told at a glance. Each is dark enough for text and icons on white (contrast at least 4.5:1).
 */
export const CATEGORY_COLOUR: Record<NodeCategory, string> = {
  flow: "#4a5568",
  prompts: "#2859c5",
  input: "#7a3cc2",
  logic: "#a24f00",
  integrations: "#0b6f7d",
  routing: "#1b7a3a",
  recording: "#b8234a",
};

/** The inline style that hands a category's colour to CSS as --category. */
export const categoryStyle = (category: NodeCategory | undefined) =>
  ({ "--category": category ? CATEGORY_COLOUR[category] : "#4a5568" }) as React.CSSProperties;
