// Prepared statements for saved views (slides).
import type { DB } from './database.ts';

export interface SlideRow {
  id: number;
  province_code: string;
  position: number;
  name: string;
  title: string;
  note: string | null;
  view: string;
  created_at: string;
}

export function createSlidesStore(db: DB) {
  const q = {
    list: db.prepare('SELECT * FROM slides WHERE province_code = ? ORDER BY position, id'),
    one: db.prepare('SELECT * FROM slides WHERE id = ?'),
    next: db.prepare('SELECT coalesce(max(position), 0) + 1 FROM slides WHERE province_code = ?'),
    insert: db.prepare(
      `INSERT INTO slides (province_code, position, name, title, note, view, created_at)
       VALUES (@province_code, @position, @name, @title, @note, @view, @created_at)`,
    ),
    remove: db.prepare('DELETE FROM slides WHERE id = ?'),
  };
  return {
    list: (province: string) => q.list.all(province) as SlideRow[],
    one: (id: number) => q.one.get(id) as SlideRow | undefined,
    insert: (s: Omit<SlideRow, 'id' | 'position'>) =>
      Number(q.insert.run({ ...s, position: q.next.pluck().get(s.province_code) as number }).lastInsertRowid),
    remove: (id: number) => q.remove.run(id).changes > 0,
  };
}
