// The .env file: it fills in only what the real environment leaves unset (the environment wins,
// also when a variable is set there to an empty value). Variables that look like ours but are not
// (WECOM_SECRET, a typo such as PROT or REDIS_ULR) are reported with the closest known name.
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

export interface EnvFile {
  path: string;
  /** Every variable the file defines, whether or not the environment already had it. */
  keys: string[];
}

/** Loads `path` into `env` without overriding; undefined when there is no such file. */
export function loadEnvFile(path: string, env: NodeJS.ProcessEnv): EnvFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed = parseEnv(text);
  const keys = Object.keys(parsed);
  for (const key of keys) if (env[key] === undefined) env[key] = parsed[key];
  return { path, keys };
}

/** Prefixes only our variables use: anything else starting with them is a mistake. */
const OUR_PREFIXES = ['WECOM_', 'DINGTALK_', 'REDIS_', 'EXPORT_', 'METRICS_', 'REMINDER_', 'SCHEDULES_', 'PUSH_', 'SHUTDOWN_', 'CAMPAIGN_', 'ADMIN_', 'PUBLIC_BASE', 'DJZS_'];

/** Edit distance counting a swap of two neighbours as one edit (PROT → PORT is 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = best;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

export interface UnknownVariable {
  name: string;
  closest?: string;
  fromFile: boolean;
}

function closestKnown(name: string, known: readonly string[]): { name: string; distance: number } | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const k of known) {
    const distance = editDistance(name, k);
    if (best === undefined || distance < best.distance) best = { name: k, distance };
  }
  return best;
}

/**
 * Variables that are probably meant for us but unknown: every unknown one in .env, and from the
 * environment those with our prefixes or within a typo of a known name (the environment holds
 * many variables of other programs, so only near misses count there: HOME is not HOST).
 */
export function unknownVariables(env: NodeJS.ProcessEnv, fileKeys: readonly string[], known: readonly string[]): UnknownVariable[] {
  const knownSet = new Set(known);
  const fromFile = new Set(fileKeys);
  const found: UnknownVariable[] = [];
  for (const name of Object.keys(env).sort()) {
    if (knownSet.has(name) || !/^[A-Z][A-Z0-9_]*$/.test(name)) continue;
    const near = closestKnown(name, known);
    const typo = near !== undefined && name.length >= 4 && near.distance <= (name.length >= 8 ? 2 : 1);
    const ours = OUR_PREFIXES.some((p) => name.startsWith(p));
    if (!fromFile.has(name) && !ours && !typo) continue;
    const suggest = near !== undefined && near.distance <= Math.max(2, Math.floor(name.length / 3));
    found.push({ name, fromFile: fromFile.has(name), ...(suggest ? { closest: near.name } : {}) });
  }
  return found;
}

export function describeUnknown(v: UnknownVariable): string {
  const where = v.fromFile ? '（来自 .env）' : '（来自环境）';
  return v.closest !== undefined
    ? `不认识的变量 ${v.name}${where}，没有使用；是不是 ${v.closest}？`
    : `不认识的变量 ${v.name}${where}，没有使用；可用的变量见 README“配置”一节或 .env.example`;
}
