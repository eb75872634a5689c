// Warnings for variables that look meant for Parley but are not among its settings (a typo such as
// SLAK_BOT_TOKEN is otherwise silently ignored, and Parley opens the terminal chat instead of Slack).
import { configFields } from './schema.js';

// Variables the libraries themselves read, so setting them is not a mistake.
const LIBRARY_VARIABLES = [
  'ANTHROPIC_AUTH_TOKEN',
  'ANTHROPIC_LOG',
  'ANTHROPIC_CUSTOM_HEADERS',
  // The SDK's tracing settings, which apply once ANTHROPIC_OPEN_TELEMETRY=true lets it trace.
  'ANTHROPIC_OPEN_TELEMETRY_PROPAGATION',
  'ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE',
  'ANTHROPIC_OPEN_TELEMETRY_TRACES_MAX_CONTENT_BYTES',
];
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
    const inFamily = FAMILIES.some((prefix) => upper.startsWith(prefix));
    // A name outside the families is only worth a warning within a typo's distance of a setting, and
    // no name of another length by more than that can be (the distance is at least the difference):
    // a container's dozens of variables then cost a length comparison each, not an edit distance to
    // every setting (this check was ~60 ms of a 0.5 s start-up with 35 variables set).
    const limit = typoDistance(upper);
    const candidates = inFamily ? known : known.filter((candidate) => Math.abs(candidate.length - upper.length) <= limit);
    const closest = closestOf(upper, candidates);
    if (!inFamily && (!closest || closest.distance > limit)) continue;
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
  // One flat table, row i at i * width: the table of arrays it replaces allocated a row per letter.
  const width = b.length + 1;
  const rows = new Uint16Array((a.length + 1) * width);
  for (let j = 0; j < width; j++) rows[j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[i * width] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[(i - 1) * width + j]! + 1, rows[i * width + j - 1]! + 1, rows[(i - 1) * width + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[(i - 2) * width + j - 2]! + 1);
      rows[i * width + j] = value;
    }
  }
  return rows[a.length * width + b.length]!;
}
