// Reads an image's pixel size from its header: enough to check the real type behind a file name,
// to apply the API's dimension limit, and to estimate its tokens, without an image library.

/** The four image types the Messages API accepts. */
export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/** What the header says: the real type and the size in pixels. */
export interface ImageInfo {
  mediaType: ImageMediaType;
  width: number;
  height: number;
}

/** The image's type and size from its first bytes; undefined when the bytes are no PNG, JPEG, GIF or WebP. */
export function imageInfo(bytes: Uint8Array): ImageInfo | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (from: number, length: number) => String.fromCharCode(...bytes.subarray(from, from + length));
  if (bytes.length >= 24 && bytes[0] === 0x89 && ascii(1, 3) === 'PNG' && ascii(12, 4) === 'IHDR') {
    return { mediaType: 'image/png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length >= 10 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) {
    return { mediaType: 'image/gif', width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  if (bytes.length >= 30 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') return webpInfo(bytes, view, ascii(12, 4));
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return jpegInfo(bytes, view);
  return undefined;
}

function webpInfo(bytes: Uint8Array, view: DataView, chunk: string): ImageInfo | undefined {
  const mediaType = 'image/webp';
  // VP8X (extended): 24-bit width-1 and height-1 at 24 and 27.
  if (chunk === 'VP8X') return { mediaType, width: 1 + readUint24(bytes, 24), height: 1 + readUint24(bytes, 27) };
  // VP8L (lossless): 14-bit width-1 and height-1 packed after the 0x2f signature at 20.
  if (chunk === 'VP8L' && bytes[20] === 0x2f) {
    const bits = view.getUint32(21, true);
    return { mediaType, width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
  }
  // VP8 (lossy): 14-bit sizes after the 3-byte frame tag and the 9d 01 2a start code.
  if (chunk === 'VP8 ' && bytes[23] === 0x9d && bytes[24] === 0x01 && bytes[25] === 0x2a) {
    return { mediaType, width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  }
  return undefined;
}

// A JPEG's size sits in its first start-of-frame segment (SOF0–SOF15 except DHT, JPG and DAC).
function jpegInfo(bytes: Uint8Array, view: DataView): ImageInfo | undefined {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    const length = view.getUint16(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { mediaType: 'image/jpeg', height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    at += 2 + length;
  }
  return undefined;
}

function readUint24(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);
}
