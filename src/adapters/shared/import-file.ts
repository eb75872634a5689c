// Fetches the export a person handed to /import, on any platform, within MAX_IMPORT_BYTES.
import type { ReceivedFile } from '../../commands/index.js';
import { formatBytes, ImportRejected } from '../../core/index.js';
import { DownloadFailed, type OfferedFile } from './files.js';

/**
 * The file's text. A declared size over the limit is refused before downloading; the download itself is
 * cut at the limit, whatever the host claims. Every refusal is an {@link ImportRejected} the person reads.
 */
export async function fetchImportFile(file: OfferedFile, maxBytes: number): Promise<ReceivedFile> {
  if (file.size !== undefined && file.size > maxBytes) throw tooLarge(file.name, file.size, maxBytes);
  try {
    const bytes = await file.download(maxBytes);
    return { name: file.name, text: Buffer.from(bytes).toString('utf8') };
  } catch (error) {
    if (error instanceof DownloadFailed) throw new ImportRejected(error.line.replace(/[.]$/, ''));
    throw error;
  }
}

/** The refusal of an export over MAX_IMPORT_BYTES. */
export function tooLarge(name: string, bytes: number, maxBytes: number): ImportRejected {
  return new ImportRejected(`${name} is ${formatBytes(bytes)}; the most I import is ${formatBytes(maxBytes)} (MAX_IMPORT_BYTES)`);
}
