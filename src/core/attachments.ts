// Files people send with a message: which the model can read, and the content blocks they become.
// Adapters hand the core bytes, a media type and a name; nothing here knows where they came from.
import type { ContentBlockParam, TextBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { ParleyError } from './errors.js';
import { imageInfo } from './image-size.js';

/** A file sent with a message, already downloaded by the adapter. */
export interface Attachment {
  name: string;
  /** The media type the platform reported (`image/png`, `application/pdf`, `text/x-python`…). */
  mediaType: string;
  data: Uint8Array;
}

/** How the model reads a file. */
export type AttachmentKind = 'image' | 'pdf' | 'text';

/** What the transcript and the export say about a stored file. */
export interface AttachmentSummary {
  name: string;
  mediaType: string;
  /** Size of the file as sent, in bytes. */
  bytes: number;
  kind: AttachmentKind;
}

/** One line naming what Parley reads, for every refusal of a type. */
export const SUPPORTED_FILES = 'images (PNG, JPEG, GIF, WebP), PDFs, and plain-text or code files';

// The API's limits, from the Messages API documentation: an image's base64 data may be at most 5 MB
// (its errors report the encoded size, so a file over 3.75 MiB is already too big) and 8,000 px a side;
// a PDF at most 100 pages. A text file is sent as text: 200,000 characters is ~50,000 tokens, a
// quarter of the context window, which leaves room for the conversation.
const IMAGE_MAX_BASE64 = 5 * 1024 * 1024;
const IMAGE_MAX_SIDE = 8_000;
const PDF_MAX_PAGES = 100;
const TEXT_MAX_CHARS = 200_000;

/** A file Parley will not read, with the one line that tells the person why. */
export class FileRefused extends ParleyError {
  constructor(readonly fileName: string, readonly line: string) {
    super('file_refused', `file refused: ${line}`);
  }
}

// Media types of text that are not text/*; the extensions cover code files platforms label
// application/octet-stream (Discord does for most of them).
const TEXT_MEDIA_TYPES = new Set(['application/json', 'application/xml', 'application/javascript', 'application/typescript', 'application/x-yaml', 'application/yaml', 'application/x-sh', 'application/sql', 'application/toml', 'application/x-ndjson', 'application/csv']);
const TEXT_EXTENSIONS = new Set(
  'txt md markdown csv tsv json jsonl ndjson yaml yml toml ini cfg conf xml html htm css scss js mjs cjs jsx ts tsx py rb go rs java kt kts swift c h cc cpp hpp cs php pl sh bash zsh fish ps1 sql r lua dart scala ex exs erl hs clj vue svelte graphql proto tf log env diff patch'.split(' '),
);

/** The kind a file's declared type and name suggest, before its bytes are looked at; undefined when unsupported. */
export function attachmentKind(mediaType: string, name: string): AttachmentKind | undefined {
  const type = mediaType.split(';', 1)[0]!.trim().toLowerCase();
  if (['image/png', 'image/jpeg', 'image/jpg', 'image/gif', 'image/webp'].includes(type)) return 'image';
  if (type === 'application/pdf') return 'pdf';
  if (type.startsWith('text/') || TEXT_MEDIA_TYPES.has(type) || type.endsWith('+json') || type.endsWith('+xml')) return 'text';
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (extension === 'pdf') return 'pdf';
  if (extension && TEXT_EXTENSIONS.has(extension)) return 'text';
  if (extension && ['png', 'jpg', 'jpeg', 'gif', 'webp'].includes(extension)) return 'image';
  return undefined;
}

/** A file checked and turned into the block the model reads. */
export interface ReadFile {
  block: ContentBlockParam;
  summary: AttachmentSummary;
}

/** Checks a file against the API's limits and builds its block; throws {@link FileRefused} with a readable line. */
export function readAttachment(file: Attachment): ReadFile {
  const kind = attachmentKind(file.mediaType, file.name);
  const summary = (k: AttachmentKind, mediaType = file.mediaType): AttachmentSummary => ({ name: file.name, mediaType, bytes: file.data.byteLength, kind: k });
  if (kind === 'image') {
    const info = imageInfo(file.data);
    if (!info) throw new FileRefused(file.name, `${file.name} is not a PNG, JPEG, GIF or WebP image I can read.`);
    const data = Buffer.from(file.data).toString('base64');
    if (data.length > IMAGE_MAX_BASE64) {
      throw new FileRefused(file.name, `${file.name} is ${formatBytes(file.data.byteLength)}; Claude reads images up to 3.75 MB. Please send a smaller or compressed copy.`);
    }
    if (info.width > IMAGE_MAX_SIDE || info.height > IMAGE_MAX_SIDE) {
      throw new FileRefused(file.name, `${file.name} is ${info.width}×${info.height} pixels; Claude reads images up to ${IMAGE_MAX_SIDE} pixels a side.`);
    }
    return { block: { type: 'image', source: { type: 'base64', media_type: info.mediaType, data } }, summary: summary('image', info.mediaType) };
  }
  if (kind === 'pdf') {
    const head = Buffer.from(file.data.subarray(0, 5)).toString('latin1');
    if (head !== '%PDF-') throw new FileRefused(file.name, `${file.name} is not a PDF I can read.`);
    const pages = pdfPages(file.data);
    if (pages > PDF_MAX_PAGES) throw new FileRefused(file.name, `${file.name} has ${pages} pages; Claude reads PDFs of up to ${PDF_MAX_PAGES} pages.`);
    const data = Buffer.from(file.data).toString('base64');
    return { block: { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data }, title: file.name }, summary: summary('pdf', 'application/pdf') };
  }
  if (kind === 'text') {
    const text = utf8(file.data);
    if (text === undefined) throw new FileRefused(file.name, `${file.name} is not UTF-8 text, so I can't read it. I read ${SUPPORTED_FILES}.`);
    if (text.length > TEXT_MAX_CHARS) {
      throw new FileRefused(file.name, `${file.name} has ${text.length.toLocaleString('en-US')} characters; I read text files of up to ${TEXT_MAX_CHARS.toLocaleString('en-US')}.`);
    }
    return { block: { type: 'text', text: fileText(file.name, text) }, summary: summary('text') };
  }
  throw new FileRefused(file.name, unsupportedLine(file.name, file.mediaType));
}

/** The readable line for a file of a type Parley does not read. */
export function unsupportedLine(name: string, mediaType: string): string {
  return `I can't read ${name}${mediaType ? ` (${mediaType})` : ''}: I read ${SUPPORTED_FILES}.`;
}

/** A text file as the model reads it: its content, fenced by its name. */
export function fileText(name: string, text: string): string {
  return `<file name="${name.replace(/["<>\n]/g, '_')}">\n${text}\n</file>`;
}

/** The line the model reads beside a message's files, naming them (an image block carries no name). */
export function attachmentNote(summaries: readonly AttachmentSummary[]): string {
  return `[Attached: ${summaries.map((s) => `${s.name} (${s.mediaType}, ${formatBytes(s.bytes)})`).join('; ')}]`;
}

/** A size as people read it: 512 B, 12.3 KB, 1.0 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The base64 characters a message's file blocks carry: what they add to every request they are sent in. */
export function fileDataLength(content: string | readonly ContentBlockParam[]): number {
  if (typeof content === 'string') return 0;
  let total = 0;
  for (const block of content) {
    if ((block.type === 'image' || block.type === 'document') && block.source.type === 'base64') total += block.source.data.length;
  }
  return total;
}

/** True when a block is a file the person sent (image or PDF), as opposed to text. */
export function isFileBlock(block: ContentBlockParam): boolean {
  return block.type === 'image' || block.type === 'document';
}

/** A text block standing in for a file no longer sent (deleted, or past the request's file budget). */
export function fileStub(text: string): TextBlockParam {
  return { type: 'text', text };
}

// Page objects are "/Type /Page" (the page tree itself is "/Type /Pages"). Compressed object streams
// can hide them, which makes this an undercount, never a refusal of a short PDF.
/** The pages of a PDF, counted from its page objects (at least 1). */
export function pdfPages(data: Uint8Array): number {
  return Buffer.from(data).toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 1;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
function utf8(data: Uint8Array): string | undefined {
  try {
    const text = decoder.decode(data);
    // A NUL byte is valid UTF-8 but marks a binary file wearing a text name.
    return text.includes('\u0000') ? undefined : text.replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}
