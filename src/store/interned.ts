// Reference-counted interning of strings: many kept replies are the same text (every answer of one
// item renders alike), so the store holds one copy per distinct text, not one per message.

export class Interned {
  private readonly table = new Map<string, { text: string; refs: number }>();
  /** Characters held once each (what the texts cost in memory, roughly). */
  chars = 0;

  /** The one shared copy of `text`, counted once more. */
  take(text: string): string {
    const e = this.table.get(text);
    if (e !== undefined) {
      e.refs += 1;
      return e.text;
    }
    this.table.set(text, { text, refs: 1 });
    this.chars += text.length;
    return text;
  }

  /** One reference fewer; the copy goes when none is left. */
  release(text: string): void {
    const e = this.table.get(text);
    if (e === undefined) return;
    e.refs -= 1;
    if (e.refs > 0) return;
    this.table.delete(text);
    this.chars -= text.length;
  }

  clear(): void {
    this.table.clear();
    this.chars = 0;
  }
}
