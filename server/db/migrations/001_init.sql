-- phusong schema, version 1: administrative units with versioned boundaries, monthly commune
-- indicators, operators, BTS sites with per-technology events, communication reports, users and an
-- append-only audit log.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE provinces (
  code TEXT PRIMARY KEY CHECK (length(code) = 2),
  name TEXT NOT NULL,
  name_norm TEXT NOT NULL
) STRICT;

CREATE TABLE districts (
  code TEXT PRIMARY KEY CHECK (length(code) = 3),
  province_code TEXT NOT NULL REFERENCES provinces(code),
  name TEXT NOT NULL,
  name_norm TEXT NOT NULL
) STRICT;
CREATE INDEX districts_province ON districts(province_code);

CREATE TABLE communes (
  code TEXT PRIMARY KEY CHECK (length(code) = 5),
  district_code TEXT NOT NULL REFERENCES districts(code),
  province_code TEXT NOT NULL REFERENCES provinces(code),
  name TEXT NOT NULL,
  name_norm TEXT NOT NULL
) STRICT;
CREATE INDEX communes_district ON communes(district_code);
CREATE INDEX communes_province ON communes(province_code);

-- Boundaries are versioned per province and level: an import adds a version and makes it current;
-- older versions stay queryable (Viet Nam merged units on 1 July 2025; nothing is overwritten).
CREATE TABLE boundary_versions (
  id INTEGER PRIMARY KEY,
  province_code TEXT NOT NULL REFERENCES provinces(code),
  level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  label TEXT NOT NULL,
  source TEXT NOT NULL,
  created_at TEXT NOT NULL,
  is_current INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX boundary_versions_one_current
  ON boundary_versions(province_code, level) WHERE is_current = 1;

CREATE TABLE unit_geometries (
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES boundary_versions(id),
  level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  code TEXT NOT NULL,
  geojson TEXT NOT NULL,           -- GeoJSON geometry (Polygon or MultiPolygon), WGS84
  area_km2 REAL NOT NULL,
  min_lon REAL NOT NULL, min_lat REAL NOT NULL, max_lon REAL NOT NULL, max_lat REAL NOT NULL,
  UNIQUE (version_id, code)
) STRICT;
CREATE INDEX unit_geometries_code ON unit_geometries(level, code);

CREATE VIRTUAL TABLE unit_geometries_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat);

CREATE TABLE commune_indicators (
  commune_code TEXT NOT NULL REFERENCES communes(code),
  month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  subscribers INTEGER NOT NULL CHECK (subscribers >= 0),
  subscribers_2g INTEGER NOT NULL CHECK (subscribers_2g >= 0 AND subscribers_2g <= subscribers),
  households INTEGER NOT NULL CHECK (households >= 0),
  households_smartphone INTEGER NOT NULL CHECK (households_smartphone >= 0 AND households_smartphone <= households),
  notes TEXT,
  source TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (commune_code, month)
) STRICT;
CREATE INDEX commune_indicators_month ON commune_indicators(month);

-- Every replaced or deleted indicator row is kept here by trigger: a month re-imported keeps its past.
CREATE TABLE commune_indicator_history (
  id INTEGER PRIMARY KEY,
  commune_code TEXT NOT NULL,
  month TEXT NOT NULL,
  subscribers INTEGER NOT NULL,
  subscribers_2g INTEGER NOT NULL,
  households INTEGER NOT NULL,
  households_smartphone INTEGER NOT NULL,
  notes TEXT,
  source TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  superseded_at TEXT NOT NULL
) STRICT;
CREATE TRIGGER commune_indicators_keep_update BEFORE UPDATE ON commune_indicators BEGIN
  INSERT INTO commune_indicator_history (commune_code, month, subscribers, subscribers_2g, households,
    households_smartphone, notes, source, recorded_at, superseded_at)
  VALUES (OLD.commune_code, OLD.month, OLD.subscribers, OLD.subscribers_2g, OLD.households,
    OLD.households_smartphone, OLD.notes, OLD.source, OLD.recorded_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;
CREATE TRIGGER commune_indicators_keep_delete BEFORE DELETE ON commune_indicators BEGIN
  INSERT INTO commune_indicator_history (commune_code, month, subscribers, subscribers_2g, households,
    households_smartphone, notes, source, recorded_at, superseded_at)
  VALUES (OLD.commune_code, OLD.month, OLD.subscribers, OLD.subscribers_2g, OLD.households,
    OLD.households_smartphone, OLD.notes, OLD.source, OLD.recorded_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
END;

CREATE TABLE operators (
  id TEXT PRIMARY KEY CHECK (id GLOB '[a-z]*'),
  name TEXT NOT NULL,
  color TEXT NOT NULL
) STRICT;

CREATE TABLE sites (
  id INTEGER PRIMARY KEY,
  operator_id TEXT NOT NULL REFERENCES operators(id),
  site_code TEXT NOT NULL,
  name TEXT,
  lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
  lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
  province_code TEXT NOT NULL REFERENCES provinces(code),
  commune_code TEXT REFERENCES communes(code),
  antenna_height_m REAL CHECK (antenna_height_m > 0 AND antenna_height_m < 500),
  band_mhz INTEGER CHECK (band_mhz > 0),
  measured_radius_m REAL CHECK (measured_radius_m > 0),
  environment TEXT CHECK (environment IN ('urban', 'suburban', 'rural')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  retired_at TEXT,
  retired_reason TEXT,
  UNIQUE (operator_id, site_code)
) STRICT;
CREATE INDEX sites_province ON sites(province_code);
CREATE INDEX sites_commune ON sites(commune_code);

CREATE VIRTUAL TABLE sites_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat);
CREATE TRIGGER sites_rtree_insert AFTER INSERT ON sites BEGIN
  INSERT INTO sites_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (NEW.id, NEW.lon, NEW.lon, NEW.lat, NEW.lat);
END;
CREATE TRIGGER sites_rtree_update AFTER UPDATE OF lon, lat ON sites BEGIN
  UPDATE sites_rtree SET min_lon = NEW.lon, max_lon = NEW.lon, min_lat = NEW.lat, max_lat = NEW.lat WHERE id = NEW.id;
END;
CREATE TRIGGER sites_rtree_delete AFTER DELETE ON sites BEGIN
  DELETE FROM sites_rtree WHERE id = OLD.id;
END;

-- A site's technologies are a sequence of dated events; its state at any date is the latest event of
-- each technology on or before that date (server/domain/site-state.ts).
CREATE TABLE site_events (
  id INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES sites(id),
  tech TEXT NOT NULL CHECK (tech IN ('2G', '3G', '4G', '5G')),
  status TEXT NOT NULL CHECK (status IN ('planned', 'active', 'upgraded', 'switched_off')),
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  band_mhz INTEGER CHECK (band_mhz > 0),
  note TEXT,
  created_at TEXT NOT NULL
) STRICT;
-- Covering index: a site's events up to a date are read from the index alone (map queries by bbox).
CREATE INDEX site_events_site ON site_events(site_id, date, id, tech, status, band_mhz);
CREATE INDEX site_events_status_date ON site_events(tech, status, date);

CREATE TABLE site_sectors (
  id INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES sites(id),
  tech TEXT CHECK (tech IN ('2G', '3G', '4G', '5G')),
  azimuth_deg REAL NOT NULL CHECK (azimuth_deg >= 0 AND azimuth_deg < 360),
  beamwidth_deg REAL NOT NULL CHECK (beamwidth_deg > 0 AND beamwidth_deg <= 360)
) STRICT;
CREATE INDEX site_sectors_site ON site_sectors(site_id);

CREATE TABLE comm_reports (
  id INTEGER PRIMARY KEY,
  district_code TEXT NOT NULL REFERENCES districts(code),
  month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  form TEXT NOT NULL,
  count INTEGER NOT NULL CHECK (count >= 0),
  media TEXT,
  reported_at TEXT NOT NULL,
  UNIQUE (district_code, month, form)
) STRICT;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'carrier', 'viewer')),
  operator_id TEXT REFERENCES operators(id),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  disabled_at TEXT,
  CHECK ((role = 'carrier') = (operator_id IS NOT NULL))
) STRICT;

-- Append-only: who changed what, when, through what, with the values before and after.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_id INTEGER REFERENCES users(id),
  actor TEXT NOT NULL,
  via TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  action TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT
) STRICT;
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
