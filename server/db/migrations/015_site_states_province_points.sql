-- A province's kept site states read from the index alone: the site clusters of a province are built again
-- after each write to its stations, and their statement (id, position, category under the map's filters)
-- looked every state up in the table, whose rows carry each site's feature JSON. The index keeps its place
-- (province, then date), so every read that used it still does; it is wider, not one more.
DROP INDEX site_states_province;
CREATE INDEX site_states_province ON site_states (
  province_code, valid_from, valid_to, site_id, lon, lat, category, operator_id, commune_code, t2g, t3g, t4g, t5g
);
