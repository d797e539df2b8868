// A person's colour in presence and carets, derived from their id: the same on every screen.
const COLORS = ["#0b5cad", "#a4161a", "#1b6b3a", "#8a4b00", "#6b3fa0", "#00707a", "#b02e6b", "#4a5563"];

export function colorFor(userId: string): string {
  // FNV-1a: ids that differ only near the end still spread over the palette.
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) hash = Math.imul(hash ^ userId.charCodeAt(i), 0x01000193);
  return COLORS[(hash >>> 0) % COLORS.length]!;
}
