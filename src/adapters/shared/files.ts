// Files offered with a message, whatever the platform: checked against the limits, downloaded, read.
// Every file that cannot be used becomes one readable line; the rest of the message is still answered.
import { attachmentKind, FileRefused, formatBytes, readAttachment, SUPPORTED_FILES, type Attachment, type Logger } from '../../core/index.js';

/** Limits on the files of one message (MAX_FILE_BYTES, MAX_MESSAGE_FILE_BYTES). */
export interface FileLimits {
  maxFileBytes: number;
  maxMessageBytes: number;
}

/** Defaults: a 10 MB PDF is a long report; 16 MB a message keeps its base64 (21 MB) inside one 32 MB request. */
export const DEFAULT_FILE_LIMITS: FileLimits = { maxFileBytes: 10 * 1024 * 1024, maxMessageBytes: 16 * 1024 * 1024 };
// Slack and Discord both allow 10 files a message.
const MAX_FILES = 10;
// A download that hangs must not hold the conversation's turn.
const DOWNLOAD_TIMEOUT_MS = 30_000;

/** A file a platform says was sent: its name, declared type and size, and how to fetch it. */
export interface OfferedFile {
  name: string;
  mediaType: string;
  /** Declared size; files over the limit are refused before any download. */
  size?: number;
  /** Fetches the bytes, refusing to read more than `maxBytes`. */
  download(maxBytes: number): Promise<Uint8Array>;
}

/** The files the model gets, and the lines the person gets about the others. */
export interface GatheredFiles {
  attachments: Attachment[];
  notices: string[];
}

/** A download that did not produce the file; `line` is what the person reads. */
export class DownloadFailed extends Error {
  constructor(readonly line: string, options?: { cause?: unknown }) {
    super(line, options);
  }
}

/** Checks, downloads and reads each offered file in turn. Never throws. */
export async function gatherFiles(offered: readonly OfferedFile[], limits: FileLimits, logger: Logger): Promise<GatheredFiles> {
  const attachments: Attachment[] = [];
  const notices: string[] = [];
  const unsupported: string[] = [];
  let total = 0;
  for (const [index, file] of offered.entries()) {
    if (index >= MAX_FILES) {
      notices.push(`I read up to ${MAX_FILES} files a message; ${offered.length - MAX_FILES} more were left out.`);
      break;
    }
    if (!attachmentKind(file.mediaType, file.name)) {
      unsupported.push(`${file.name}${file.mediaType ? ` (${file.mediaType})` : ''}`);
      continue;
    }
    const tooBig = sizeProblem(file.name, file.size ?? 0, total, limits);
    if (tooBig) {
      notices.push(tooBig);
      continue;
    }
    try {
      const data = await file.download(Math.min(limits.maxFileBytes, limits.maxMessageBytes - total));
      const attachment: Attachment = { name: file.name, mediaType: file.mediaType, data };
      readAttachment(attachment);
      attachments.push(attachment);
      total += data.byteLength;
    } catch (error) {
      if (error instanceof FileRefused || error instanceof DownloadFailed) notices.push(error.line);
      else notices.push(`I couldn't download ${file.name}; please send it again.`);
      logger.info('files.refused', { kind: attachmentKind(file.mediaType, file.name), reason: error instanceof Error ? error.message : String(error) });
    }
  }
  if (unsupported.length > 0) notices.unshift(`I can't read ${unsupported.join(' or ')}: I read ${SUPPORTED_FILES}.`);
  return { attachments, notices };
}

function sizeProblem(name: string, size: number, total: number, limits: FileLimits): string | undefined {
  if (size > limits.maxFileBytes) return `${name} is ${formatBytes(size)}; I read files of up to ${formatBytes(limits.maxFileBytes)}.`;
  if (total + size > limits.maxMessageBytes) return `${name} would take this message past ${formatBytes(limits.maxMessageBytes)} of files, so I left it out.`;
  return undefined;
}

/**
 * GETs a file with the given headers, refusing more than `maxBytes` (counted as it arrives, whatever
 * Content-Length claims) and an HTML page where another type was expected: Slack answers a request
 * without a valid token with its login page and status 200.
 */
export async function downloadFile(url: string, options: { name: string; mediaType: string; maxBytes: number; headers?: Record<string, string> }): Promise<Uint8Array> {
  const { name, maxBytes } = options;
  let response: Response;
  try {
    response = await fetch(url, { headers: options.headers ?? {}, signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'follow' });
  } catch (error) {
    throw new DownloadFailed(`I couldn't download ${name}; please send it again.`, { cause: error });
  }
  if (!response.ok) throw new DownloadFailed(`I couldn't download ${name} (the server answered ${response.status}).`);
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith('text/html') && !options.mediaType.startsWith('text/html')) {
    await response.body?.cancel();
    throw new DownloadFailed(`I couldn't download ${name}: I was sent a web page instead of the file (is the files:read permission granted?).`);
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body?.getReader();
  for (let part = await reader?.read(); part && !part.done; part = await reader!.read()) {
    received += part.value.byteLength;
    if (received > maxBytes) {
      await reader!.cancel().catch(() => undefined);
      throw new DownloadFailed(`${name} is over ${formatBytes(maxBytes)}, the most I read of a file here.`);
    }
    chunks.push(part.value);
  }
  return Buffer.concat(chunks);
}
