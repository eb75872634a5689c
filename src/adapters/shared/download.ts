// Fetches a file a person handed the bot (an export for /import) with a size cap, for every adapter.
import { ImportRejected } from '../../core/index.js';

/** Options of {@link downloadText}. */
export interface DownloadOptions {
  /** The file's name, for the error line. */
  name: string;
  maxBytes: number;
  /** Extra request headers (Slack's bearer token). */
  headers?: Record<string, string>;
}

// A stalled file host must not hold a command for ever; an export of a few MB arrives in well under this.
const DOWNLOAD_TIMEOUT_MS = 30_000;

/**
 * The file's bytes as UTF-8 text. Refuses, with an {@link ImportRejected} naming the limit, a file larger
 * than `maxBytes` (by Content-Length, and again while reading, so a host that lies cannot exceed it), and
 * an HTML page where a file was expected (Slack answers its login page, status 200, to a missing token).
 */
export async function downloadText(url: string, options: DownloadOptions): Promise<string> {
  const response = await fetch(url, { headers: options.headers ?? {}, signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'follow' });
  if (!response.ok) throw new Error(`downloading ${options.name} failed with HTTP ${response.status}`);
  if (/^text\/html/i.test(response.headers.get('content-type') ?? '')) throw new Error(`downloading ${options.name} returned an HTML page, not the file`);
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > options.maxBytes) throw tooLarge(options, declared);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body ?? []) {
    total += chunk.byteLength;
    if (total > options.maxBytes) throw tooLarge(options, total);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The refusal of a file over the limit, before any byte past the limit is read. */
export function tooLarge(options: { name: string; maxBytes: number }, bytes: number): ImportRejected {
  return new ImportRejected(`${options.name} is ${megabytes(bytes)}; the most I import is ${megabytes(options.maxBytes)} (MAX_IMPORT_BYTES)`);
}

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;
