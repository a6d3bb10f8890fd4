// "Did you mean": the command names closest to what was typed (Levenshtein distance ≤ 2).
export function closest(word: string, names: readonly string[], max = 2): string[] {
  const w = word.toLowerCase();
  return names
    .map((name) => ({ name, d: distance(w, name.toLowerCase()) }))
    .filter((x) => x.d <= Math.min(max, Math.max(1, Math.floor(x.name.length / 2))))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((x) => x.name);
}

function distance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  let prev = Array.from({ length: t.length + 1 }, (_, i) => i);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = row;
  }
  return prev[t.length] ?? 0;
}
