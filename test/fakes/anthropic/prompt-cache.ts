// A simulator of Anthropic's documented prompt-caching rules, for the fake Messages API and the bench.
//
// The rules (prompt-caching documentation):
// - The cache key is the exact prefix tools → system → messages up to a breakpoint, hashed block by
//   block, so a change anywhere invalidates that block and everything after it.
// - Breakpoints are the blocks that carry `cache_control`, plus — for a top-level `cache_control` —
//   the last cacheable block of the request. At most 4 per request.
// - A read looks back at most 20 block positions from each breakpoint for a prefix written earlier.
// - Writes happen only at breakpoints, and only for prefixes of at least the model's minimum length
//   (1,024 tokens; 4,096 for Haiku 4.5 and Opus 4.5+); shorter prefixes are silently not cached.
// - An entry lives 5 minutes (or 1 hour with `ttl: "1h"`) from its last read or write.
// - Usage: `cache_read_input_tokens` up to the hit, `cache_creation_input_tokens` from the hit to the
//   last breakpoint written, `input_tokens` for the rest.
import { createHash } from 'node:crypto';

/** The three input fields of the API's usage, as the simulator computed them for one request. */
export interface CacheUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  /** Creation split by TTL, as the API reports it. */
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

/** Settings of {@link createPromptCache}. */
export interface PromptCacheOptions {
  /** The clock entries expire by (default Date.now); tests move it instead of waiting. */
  now?: () => number;
  /** Minimum cacheable prefix for a model (default {@link minimumCacheableTokens}). */
  minimumTokens?: (model: string) => number;
}

/** A request the caching rules refuse (the API answers 400 invalid_request_error). */
export class CacheRuleViolation extends Error {}

/** A prompt cache shared by every request to one fake, as the API's cache is shared by an organisation. */
export interface PromptCache {
  /** Applies the rules to one request body: reads, writes and refreshes entries, and returns the usage. */
  account(body: CacheableBody): CacheUsage;
  /** Forgets every entry. */
  clear(): void;
  /** Live entries (for tests). */
  readonly size: number;
}

/** The parts of a MessageCreateParams the cache looks at. */
export interface CacheableBody {
  model?: unknown;
  tools?: unknown;
  system?: unknown;
  messages?: unknown;
  cache_control?: unknown;
}

/** Most blocks a request may mark. */
export const MAX_BREAKPOINTS = 4;
/** How many block positions a read looks back from a breakpoint. */
export const LOOKBACK_BLOCKS = 20;
const TTL_5M_MS = 5 * 60_000;
const TTL_1H_MS = 60 * 60_000;

/** The documented minimum cacheable prefix: 4,096 tokens for Haiku 4.5 and Opus 4.5 and later, else 1,024. */
export function minimumCacheableTokens(model: string): number {
  return /haiku-4-5|opus-4-[5-9]|opus-[5-9]/.test(model) ? 4096 : 1024;
}

/** Deterministic size of one block: a quarter of its JSON length, at least 1 (the fake's tokenizer). */
export function blockTokens(block: unknown): number {
  return Math.max(1, Math.ceil(JSON.stringify(block).length / 4));
}

interface Block {
  /** Hash of the whole prefix through this block. */
  prefix: string;
  /** Tokens of the prefix through this block. */
  through: number;
  ttlMs: number | undefined;
}

interface Entry {
  expiresAt: number;
  ttlMs: number;
}

/** Creates an empty cache. */
export function createPromptCache(options: PromptCacheOptions = {}): PromptCache {
  const now = options.now ?? Date.now;
  const minimum = options.minimumTokens ?? minimumCacheableTokens;
  const entries = new Map<string, Entry>();

  const live = (prefix: string, at: number): Entry | undefined => {
    const entry = entries.get(prefix);
    if (entry && entry.expiresAt <= at) {
      entries.delete(prefix);
      return undefined;
    }
    return entry;
  };

  return {
    account(body) {
      const at = now();
      const blocks = prefixBlocks(body);
      const breakpoints = breakpointsOf(blocks, body.cache_control);
      const total = blocks.at(-1)?.through ?? 0;
      const hit = findHit(blocks, breakpoints, (prefix) => live(prefix, at));
      const read = hit === undefined ? 0 : blocks[hit]!.through;
      if (hit !== undefined) {
        const entry = live(blocks[hit]!.prefix, at)!;
        entry.expiresAt = at + entry.ttlMs;
      }
      let written = read;
      const creation = { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 };
      for (const position of breakpoints) {
        const block = blocks[position]!;
        if ((hit !== undefined && position <= hit) || block.through < minimum(String(body.model))) continue;
        const ttlMs = block.ttlMs ?? TTL_5M_MS;
        entries.set(block.prefix, { expiresAt: at + ttlMs, ttlMs });
        creation[ttlMs === TTL_1H_MS ? 'ephemeral_1h_input_tokens' : 'ephemeral_5m_input_tokens'] += block.through - written;
        written = block.through;
      }
      return {
        input_tokens: total - written,
        cache_creation_input_tokens: written - read,
        cache_read_input_tokens: read,
        cache_creation: creation,
      };
    },
    clear: () => entries.clear(),
    get size() {
      return entries.size;
    },
  };
}

/** Whether a request asks for caching at all (top-level or on any block). */
export function requestsCaching(body: CacheableBody): boolean {
  return body.cache_control != null || listBlocks(body).some(({ marker }) => marker != null);
}

function findHit(blocks: readonly Block[], breakpoints: readonly number[], lookup: (prefix: string) => Entry | undefined): number | undefined {
  for (let b = breakpoints.length - 1; b >= 0; b--) {
    const position = breakpoints[b]!;
    for (let p = position; p >= 0 && p > position - LOOKBACK_BLOCKS; p--) {
      if (lookup(blocks[p]!.prefix)) return p;
    }
  }
  return undefined;
}

function breakpointsOf(blocks: readonly Block[], topLevel: unknown): number[] {
  const positions = blocks.flatMap((block, i) => (block.ttlMs !== undefined ? [i] : []));
  if (topLevel != null && blocks.length > 0) {
    const last = blocks.length - 1;
    if (!positions.includes(last)) positions.push(last);
    blocks[last]!.ttlMs ??= ttlOf(topLevel);
  }
  if (positions.length > MAX_BREAKPOINTS) {
    throw new CacheRuleViolation(`A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${positions.length}.`);
  }
  return positions;
}

function ttlOf(marker: unknown): number {
  return (marker as { ttl?: string } | null)?.ttl === '1h' ? TTL_1H_MS : TTL_5M_MS;
}

/** Every block in cache order with its cumulative hash and size; the model is part of every key. */
function prefixBlocks(body: CacheableBody): Block[] {
  let prefix = createHash('sha256').update(String(body.model)).digest('hex');
  let through = 0;
  return listBlocks(body).map(({ block, marker }) => {
    const json = JSON.stringify(block);
    prefix = createHash('sha256').update(prefix).update(json).digest('hex');
    through += blockTokens(block);
    return { prefix, through, ttlMs: marker == null ? undefined : ttlOf(marker) };
  });
}

/**
 * The request's blocks, tools → system → messages, each without its `cache_control` (a marker does
 * not change the content it marks). A string system prompt or message content is one text block.
 */
function listBlocks(body: CacheableBody): Array<{ block: unknown; marker: unknown }> {
  const out: Array<{ block: unknown; marker: unknown }> = [];
  const push = (block: unknown, role?: string) => {
    if (block && typeof block === 'object') {
      const { cache_control: marker, ...rest } = block as Record<string, unknown>;
      out.push({ block: role ? { role, ...rest } : rest, marker });
    } else {
      out.push({ block: role ? { role, type: 'text', text: block } : { type: 'text', text: block }, marker: undefined });
    }
  };
  if (Array.isArray(body.tools)) for (const tool of body.tools) push(tool);
  if (typeof body.system === 'string') push(body.system);
  else if (Array.isArray(body.system)) for (const block of body.system) push(block);
  if (Array.isArray(body.messages)) {
    for (const message of body.messages as Array<{ role?: string; content?: unknown }>) {
      const role = String(message?.role);
      if (Array.isArray(message?.content)) for (const block of message.content) push(block, role);
      else push(message?.content ?? '', role);
    }
  }
  return out;
}
