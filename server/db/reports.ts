// Prepared statements for district communication reports (district × month × form → count, media).
import type { DB } from './database.ts';

export interface CommReportRow {
  district_code: string;
  month: string;
  form: string;
  count: number;
  media: string | null;
}

export function createReportsStore(db: DB) {
  const q = {
    list: db.prepare(
      `SELECT r.district_code, r.month, r.form, r.count, r.media FROM comm_reports r
       JOIN districts d ON d.code = r.district_code
       WHERE (@province IS NULL OR d.province_code = @province)
         AND (@district IS NULL OR r.district_code = @district)
         AND (@month IS NULL OR r.month = @month)
       ORDER BY r.month, r.district_code, r.form`,
    ),
    remove: db.prepare('DELETE FROM comm_reports WHERE district_code = ? AND month = ?'),
    insert: db.prepare(
      `INSERT INTO comm_reports (district_code, month, form, count, media, reported_at)
       VALUES (@district_code, @month, @form, @count, @media, @reported_at)`,
    ),
  };
  return {
    list: (f: { province?: string | null; district?: string | null; month?: string | null }) =>
      q.list.all({
        province: f.province ?? null,
        district: f.district ?? null,
        month: f.month ?? null,
      }) as CommReportRow[],
    insert: (r: CommReportRow & { reported_at: string }) => q.insert.run(r),
    /** Removes a district's report of a month (before it is written again). */
    remove: (district: string, month: string) => q.remove.run(district, month),
  };
}
