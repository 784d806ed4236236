-- Saved views ("slides") for meetings: a named view of the map (the page's URL query) with a title and a
-- note, in the order a province's slides are shown.
CREATE TABLE slides (
  id INTEGER PRIMARY KEY,
  province_code TEXT NOT NULL REFERENCES provinces(code),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  title TEXT NOT NULL,
  note TEXT,
  view TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX slides_province ON slides(province_code, position);
