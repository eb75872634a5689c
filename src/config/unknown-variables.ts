// Warnings for variables that look meant for Parley but are not among its settings (a typo such as
// SLAK_BOT_TOKEN is otherwise silently ignored, and Parley opens the terminal chat instead of Slack).
import { configFields } from './schema.js';

// Variables the libraries themselves read, so setting them is not a mistake.
const LIBRARY_VARIABLES = ['ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_LOG', 'ANTHROPIC_CUSTOM_HEADERS'];
// Prefixes of Parley's own families: any unknown name under them is worth a warning.
const FAMILIES = ['ANTHROPIC_', 'SLACK_', 'DISCORD_'];

/** Every variable name Parley reads. */
export function knownVariables(): string[] {
  return Object.keys(configFields.shape);
}

/**
 * One line per set variable that is not a setting but looks like one: in a Parley family
 * (ANTHROPIC_*, SLACK_*, DISCORD_*) or within a typo's distance of a known name. Each names the closest
 * known variable.
 */
export function unknownVariableWarnings(env: Readonly<Record<string, string>>, known: readonly string[] = knownVariables()): string[] {
  const knownSet = new Set([...known, ...LIBRARY_VARIABLES]);
  const warnings: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (knownSet.has(name)) continue;
    const upper = name.toUpperCase();
    const closest = closestOf(upper, known);
    const inFamily = FAMILIES.some((prefix) => upper.startsWith(prefix));
    if (!inFamily && (!closest || closest.distance > typoDistance(upper))) continue;
    const hint = closest ? `; did you mean ${closest.name}?` : '';
    warnings.push(`${name} is not a Parley setting and is ignored${hint}`);
  }
  return warnings;
}

// A typo is a slip or two: one edit in a short name, two in a longer one. Short names stay strict so
// that HOME is not taken for HOST.
function typoDistance(name: string): number {
  return name.length >= 8 ? 2 : name.length >= 5 ? 1 : 0;
}

function closestOf(name: string, known: readonly string[]): { name: string; distance: number } | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  return best;
}

/** Levenshtein distance with adjacent transpositions (SALCK counts as one slip). */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = value;
    }
  }
  return rows[a.length]![b.length]!;
}
