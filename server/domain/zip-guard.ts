// Zip archives (XLSX workbooks, zipped Shapefiles) are checked before anything is unpacked: a small
// upload that would inflate to gigabytes (a "zip bomb") is refused from its central directory alone.
import { unzipSync } from 'fflate';
import { DomainError } from './errors.ts';

export const MAX_UNZIPPED_BYTES = 150 * 1024 * 1024;
export const MAX_RATIO = 200;

export async function checkZip(data: Uint8Array, what: string): Promise<void> {
  let total = 0;
  try {
    // fflate reads the central directory and hands each entry to the filter with the size it declares;
    // the filter refuses every entry, so nothing is inflated.
    unzipSync(data, {
      filter: (entry) => {
        total += entry.originalSize;
        return false;
      },
    });
  } catch {
    throw new DomainError(
      'unreadable_file',
      `file: not a readable ${what}`,
      `file: không đọc được tệp ${what}`,
      'file',
    );
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
