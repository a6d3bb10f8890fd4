// A message as the engine reads it: emoji carry no words (谢啦👍, 早上好☀️), and characters typed in
// traditional form are read in simplified form (這週要做什麼 → 这周要做什么), as the index is.
import { SIMPLIFIED, TRADITIONAL } from './traditional-data.js';

let table: Map<string, string> | undefined;

function simplifiedOf(): Map<string, string> {
  if (!table) {
    const from = [...TRADITIONAL];
    const to = [...SIMPLIFIED];
    table = new Map(from.map((t, i) => [t, to[i] ?? t]));
  }
  return table;
}

const EMOJI = /[\p{Extended_Pictographic}\u{FE0F}\u{200D}\u{20E3}\u{1F3FB}-\u{1F3FF}]+/gu;

/** A message of emoji alone (👍, 🙏🙏): an acknowledgement, as 好的 is. */
export function onlyEmoji(text: string): boolean {
  const t = text.trim();
  return t !== '' && t.replace(EMOJI, '').trim() === '';
}

/** Emoji, pictographs and their modifiers read as spaces; traditional characters as simplified. */
export function plainText(text: string): string {
  const spaced = text.replace(EMOJI, ' ').trim();
  const t = simplifiedOf();
  let out = '';
  for (const ch of spaced) out += t.get(ch) ?? ch;
  return out;
}
