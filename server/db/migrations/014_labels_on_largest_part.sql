-- A unit of several parts is named on its largest part: the label points kept for them were the centre
-- of the whole (Khánh Hòa's fell in the Trường Sa archipelago, Đà Nẵng's in the sea towards Hoàng Sa).
-- They are cleared here, and the app computes them again when it opens the file (fillMissingLabels).
UPDATE unit_geometries SET label_lon = NULL, label_lat = NULL WHERE json_extract(geojson, '$.type') = 'MultiPolygon';
