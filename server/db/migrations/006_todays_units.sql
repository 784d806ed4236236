-- phusong:foreign-keys-off
-- Today's units become the map's units. Since 1 July 2025 Viet Nam has 34 provinces › 3,321 communes and
-- no districts, so:
--  - `provinces` and `communes` hold the units in force today (loaded from the shipped unit set on first
--    start); a commune has a type (Xã, Phường, Đặc khu) and no district;
--  - `districts` holds the former districts (pre-reform set), filed under the province they lie in today:
--    they are what communication reports were filed by, and the "former district" filter of today's map;
--  - indicators stay in the unit set they were reported in (`unit_set`, a unit_sets id): months before
--    the reform are kept in the pre-reform communes and carried across to today's units when read.
-- Applied with foreign keys off (the 12-step table rebuild); the migration runner checks them before
-- committing.

CREATE TABLE communes_new (
  code TEXT PRIMARY KEY CHECK (length(code) = 5),
  district_code TEXT REFERENCES districts(code),
  province_code TEXT NOT NULL REFERENCES provinces(code),
  name TEXT NOT NULL,
  name_norm TEXT NOT NULL,
  unit_type TEXT
) STRICT;
INSERT INTO communes_new (code, district_code, province_code, name, name_norm)
  SELECT code, district_code, province_code, name, name_norm FROM communes;
DROP TABLE communes;
ALTER TABLE communes_new RENAME TO communes;
CREATE INDEX communes_district ON communes(district_code);
CREATE INDEX communes_province ON communes(province_code);

CREATE TABLE commune_indicators_new (
  unit_set TEXT NOT NULL,
  commune_code TEXT NOT NULL,
  month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  subscribers INTEGER NOT NULL CHECK (subscribers >= 0),
  subscribers_2g INTEGER NOT NULL CHECK (subscribers_2g >= 0 AND subscribers_2g <= subscribers),
  households INTEGER NOT NULL CHECK (households >= 0),
  households_smartphone INTEGER NOT NULL CHECK (households_smartphone >= 0 AND households_smartphone <= households),
  notes TEXT,
  source TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (unit_set, commune_code, month)
) STRICT;
-- Rows written before this migration were reported in the units of their time: the pre-reform set.
INSERT INTO commune_indicators_new
  SELECT '2025-06-30', commune_code, month, subscribers, subscribers_2g, households, households_smartphone,
    notes, source, recorded_at FROM commune_indicators;
DROP TABLE commune_indicators;
ALTER TABLE commune_indicators_new RENAME TO commune_indicators;
CREATE INDEX commune_indicators_month ON commune_indicators(month, unit_set);

ALTER TABLE commune_indicator_history ADD COLUMN unit_set TEXT NOT NULL DEFAULT '2025-06-30';
CREATE TRIGGER commune_indicators_keep_update BEFORE UPDATE ON commune_indicators BEGIN
  INSERT INTO commune_indicator_history (unit_set, commune_code, month, subscribers, subscribers_2g, households,
    households_smartphone, notes, source, recorded_at, superseded_at)
  VALUES (OLD.unit_set, OLD.commune_code, OLD.month, OLD.subscribers, OLD.subscribers_2g, OLD.households,
    OLD.households_smartphone, OLD.notes, OLD.source, OLD.recorded_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER commune_indicators_keep_delete BEFORE DELETE ON commune_indicators BEGIN
  INSERT INTO commune_indicator_history (unit_set, commune_code, month, subscribers, subscribers_2g, households,
    households_smartphone, notes, source, recorded_at, superseded_at)
  VALUES (OLD.unit_set, OLD.commune_code, OLD.month, OLD.subscribers, OLD.subscribers_2g, OLD.households,
    OLD.households_smartphone, OLD.notes, OLD.source, OLD.recorded_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

-- The former-district filter and the district lists walk the crosswalk by old district.
CREATE INDEX set_communes_district ON set_communes(set_id, district_code);
