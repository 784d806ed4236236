-- Administrative unit sets, versioned by the date they came into force, and the official crosswalk
-- between consecutive sets. Since 1 July 2025: 34 provinces › 3,321 communes, no districts; before: the
-- crosswalk's old side, 63 provinces › 691 districts › 10,033 communes as in force on 30 June 2025.
-- A set is never overwritten: a new reorganisation is a new set with its crosswalk.
CREATE TABLE unit_sets (
  id TEXT PRIMARY KEY,
  in_force_from TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  has_districts INTEGER NOT NULL CHECK (has_districts IN (0, 1)),
  source TEXT NOT NULL
);

CREATE TABLE set_provinces (
  set_id TEXT NOT NULL REFERENCES unit_sets (id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (set_id, code)
) WITHOUT ROWID;

CREATE TABLE set_districts (
  set_id TEXT NOT NULL REFERENCES unit_sets (id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  province_code TEXT NOT NULL,
  PRIMARY KEY (set_id, code)
) WITHOUT ROWID;

CREATE TABLE set_communes (
  set_id TEXT NOT NULL REFERENCES unit_sets (id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  unit_type TEXT NOT NULL,
  province_code TEXT NOT NULL,
  district_code TEXT,
  population INTEGER,
  area_km2 REAL,
  formed_from TEXT,
  -- GeoJSON geometry (WGS84) where the set has boundaries; the pre-reform set has none.
  geometry TEXT,
  PRIMARY KEY (set_id, code)
) WITHOUT ROWID;
CREATE INDEX set_communes_province ON set_communes (set_id, province_code);

CREATE TABLE set_crosswalk (
  from_set TEXT NOT NULL REFERENCES unit_sets (id),
  to_set TEXT NOT NULL REFERENCES unit_sets (id),
  old_code TEXT NOT NULL,
  new_code TEXT NOT NULL,
  relation TEXT NOT NULL CHECK (relation IN ('whole', 'part', 'unchanged', 'renamed')),
  note TEXT,
  PRIMARY KEY (from_set, to_set, old_code, new_code)
) WITHOUT ROWID;
CREATE INDEX set_crosswalk_new ON set_crosswalk (to_set, new_code);
