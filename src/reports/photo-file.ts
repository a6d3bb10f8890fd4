// Photo evidence, checked before it is stored: JPEG or PNG by its bytes (never by the name or the
// platform's content type), size-capped, and with the metadata that can carry a GPS position
// removed (JPEG APP1 Exif/XMP segments, PNG eXIf chunks). Pure: no I/O here.
export type PhotoType = 'image/jpeg' | 'image/png';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function sniffPhoto(bytes: Buffer): PhotoType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  return undefined;
}

export type PhotoCheck = { ok: true; type: PhotoType; bytes: Buffer } | { ok: false; reason: string };

/** The photo as it may be stored, or a Chinese reason why not. */
export function checkPhoto(bytes: Buffer, maxBytes: number): PhotoCheck {
  if (bytes.length > maxBytes) return { ok: false, reason: `照片太大（${(bytes.length / 1_048_576).toFixed(1)} MB），最大 ${(maxBytes / 1_048_576).toFixed(0)} MB。` };
  const type = sniffPhoto(bytes);
  if (!type) return { ok: false, reason: '只收 JPEG 或 PNG 照片。' };
  const stripped = type === 'image/jpeg' ? stripJpeg(bytes) : stripPng(bytes);
  if (!stripped) return { ok: false, reason: '照片文件已损坏，无法读取。' };
  return { ok: true, type, bytes: stripped };
}

/** Copies a JPEG without its APP1 segments (Exif, XMP: where GPS lives); null when malformed. */
export function stripJpeg(bytes: Buffer): Buffer | null {
  const parts: Buffer[] = [bytes.subarray(0, 2)];
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xd9) {
      parts.push(bytes.subarray(at, at + 2));
      return Buffer.concat(parts);
    }
    const length = bytes.readUInt16BE(at + 2);
    if (length < 2 || at + 2 + length > bytes.length) return null;
    const segment = bytes.subarray(at, at + 2 + length);
    // Start of scan: the entropy-coded data follows to the end; nothing after it is metadata we
    // need to parse.
    if (marker === 0xda) {
      parts.push(bytes.subarray(at));
      return Buffer.concat(parts);
    }
    if (marker !== 0xe1) parts.push(segment);
    at += 2 + length;
  }
  return null;
}

/** Copies a PNG without eXIf chunks (and text chunks, which may hold a position); null when malformed. */
export function stripPng(bytes: Buffer): Buffer | null {
  const parts: Buffer[] = [PNG_SIGNATURE];
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const end = at + 12 + length;
    if (end > bytes.length) return null;
    if (!['eXIf', 'tEXt', 'zTXt', 'iTXt'].includes(type)) parts.push(bytes.subarray(at, end));
    at = end;
    if (type === 'IEND') return Buffer.concat(parts);
  }
  return null;
}
