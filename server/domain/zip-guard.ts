// Zip archives (XLSX workbooks, zipped Shapefiles) are checked before anything is unpacked: a small
// upload that would inflate to gigabytes (a "zip bomb") is refused from its central directory alone.
import JSZip from 'jszip';
import { DomainError } from './errors.ts';

export const MAX_UNZIPPED_BYTES = 150 * 1024 * 1024;
export const MAX_RATIO = 200;

export async function checkZip(data: Uint8Array, what: string): Promise<void> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data, { checkCRC32: false });
  } catch {
    throw new DomainError(
      'unreadable_file',
      `file: not a readable ${what}`,
      `file: không đọc được tệp ${what}`,
      'file',
    );
  }
  let total = 0;
  for (const f of Object.values(zip.files)) {
    // JSZip keeps the sizes the central directory declares; nothing is inflated yet.
    const size = (f as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
    total += size;
  }
  if (total > MAX_UNZIPPED_BYTES || (data.length > 0 && total / data.length > MAX_RATIO)) {
    throw new DomainError(
      'zip_too_large',
      `file: the ${what} would unpack to ${Math.round(total / 2 ** 20)} MiB (limit ${MAX_UNZIPPED_BYTES / 2 ** 20} MiB, ratio ${MAX_RATIO}:1)`,
      `file: tệp ${what} giải nén ra ${Math.round(total / 2 ** 20)} MiB (giới hạn ${MAX_UNZIPPED_BYTES / 2 ** 20} MiB)`,
      'file',
    );
  }
}
