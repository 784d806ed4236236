-- Each boundary is stored with what the map asks for at low zoom, computed once when it is written
-- (load or import) instead of on every request: a point inside it for its label, and the boundary
-- simplified for the national (zoom ≤ 7) and regional (zoom 8–10) views. NULL for rows written before
-- this migration; the reader then computes them.
ALTER TABLE unit_geometries ADD COLUMN label_lon REAL;
ALTER TABLE unit_geometries ADD COLUMN label_lat REAL;
ALTER TABLE unit_geometries ADD COLUMN geojson_z7 TEXT;
ALTER TABLE unit_geometries ADD COLUMN geojson_z10 TEXT;
