import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { checkPhoto, sniffPhoto } from '../../src/reports/photo-file.js';

function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/** A JPEG-shaped file: SOI, APP0 JFIF, APP1 Exif with a GPS IFD tag, SOS + data, EOI. */
function jpegWithGps(): Buffer {
  const exif = Buffer.concat([Buffer.from('Exif\0\0MM\0*', 'latin1'), Buffer.from([0x88, 0x25]), Buffer.from('GPS 37.87N 112.55E', 'latin1')]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    segment(0xe1, exif),
    segment(0xdb, Buffer.alloc(65, 1)),
    segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from([0x12, 0x34, 0x56, 0xff, 0x00, 0x78]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
}

function pngWithExif(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('eXIf', Buffer.from('MM\0*GPS 37.87N', 'latin1')),
    chunk('tEXt', Buffer.from('Location\0Taiyuan', 'latin1')),
    chunk('IDAT', deflateSync(Buffer.from([0, 0, 0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('photo files', () => {
  it('sniffs JPEG and PNG by their bytes only', () => {
    expect(sniffPhoto(jpegWithGps())).toBe('image/jpeg');
    expect(sniffPhoto(pngWithExif())).toBe('image/png');
    expect(sniffPhoto(Buffer.from('GIF89a...'))).toBeUndefined();
    expect(sniffPhoto(Buffer.from('<html>photo.jpg</html>'))).toBeUndefined();
  });

  it('removes the JPEG Exif segment with the GPS position and keeps the image data', () => {
    const input = jpegWithGps();
    const result = checkPhoto(input, 1_000_000);
    if (!result.ok) throw new Error(result.reason);
    expect(result.type).toBe('image/jpeg');
    expect(result.bytes.includes(Buffer.from('GPS 37.87N'))).toBe(false);
    expect(result.bytes.includes(Buffer.from('Exif'))).toBe(false);
    expect(result.bytes.includes(Buffer.from('JFIF'))).toBe(true);
    expect(result.bytes.includes(Buffer.from([0x12, 0x34, 0x56, 0xff, 0x00, 0x78]))).toBe(true);
    expect([...result.bytes.subarray(-2)]).toEqual([0xff, 0xd9]);
    expect(input.length - result.bytes.length).toBeGreaterThan(20);
  });

  it('removes PNG eXIf and text chunks and keeps the rest', () => {
    const result = checkPhoto(pngWithExif(), 1_000_000);
    if (!result.ok) throw new Error(result.reason);
    const latin = result.bytes.toString('latin1');
    expect(latin).not.toContain('eXIf');
    expect(latin).not.toContain('Taiyuan');
    for (const t of ['IHDR', 'IDAT', 'IEND']) expect(latin).toContain(t);
  });

  it('refuses other types, oversized and truncated files with a Chinese reason', () => {
    expect(checkPhoto(Buffer.from('GIF89a'), 1000)).toEqual({ ok: false, reason: '只收 JPEG 或 PNG 照片。' });
    expect(checkPhoto(jpegWithGps(), 10)).toMatchObject({ ok: false, reason: expect.stringContaining('照片太大') });
    expect(checkPhoto(jpegWithGps().subarray(0, 30), 1000)).toEqual({ ok: false, reason: '照片文件已损坏，无法读取。' });
    expect(checkPhoto(pngWithExif().subarray(0, 40), 1000)).toEqual({ ok: false, reason: '照片文件已损坏，无法读取。' });
  });
});
