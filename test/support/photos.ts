// Photo fixtures: small JPEG/PNG files carrying a GPS position in their metadata, and WeCom's
// media encryption (AES-256-CBC, IV = key[0..16], PKCS#7 to 32 bytes) to serve them as WeCom does.
import { createCipheriv } from 'node:crypto';
import { deflateSync } from 'node:zlib';

function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

export const GPS_TEXT = 'GPS 37.87N 112.55E';

/** A JPEG-shaped file: SOI, APP0 JFIF, APP1 Exif with a GPS tag, SOF0 (4x3), SOS + data, EOI. `seed` varies the data. */
export function jpegWithGps(seed = 0): Buffer {
  const exif = Buffer.concat([Buffer.from('Exif\0\0MM\0*', 'latin1'), Buffer.from([0x88, 0x25]), Buffer.from(GPS_TEXT, 'latin1')]);
  const sof = Buffer.from([8, 0, 3, 0, 4, 1, 1, 0x11, 0]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    segment(0xe1, exif),
    segment(0xdb, Buffer.alloc(65, 1)),
    segment(0xc0, sof),
    segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from([0x12, 0x34, seed & 0xff, 0xff, 0x00, 0x78]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
}

/** A 2x1 PNG with an eXIf chunk and a text chunk naming a place. */
export function pngWithExif(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('eXIf', Buffer.from(`MM\0*${GPS_TEXT}`, 'latin1')),
    chunk('tEXt', Buffer.from('Location\0Taiyuan', 'latin1')),
    chunk('IDAT', deflateSync(Buffer.from([0, 0, 0, 0, 0, 0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Encrypts a file as WeCom serves AI bot media: `key` is 32 bytes. */
export function wecomEncryptMedia(plain: Buffer, key: Buffer): Buffer {
  const pad = 32 - (plain.length % 32);
  const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]);
}
