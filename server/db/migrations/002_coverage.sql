-- Coverage analysis: where a site's radius comes from when it is not modelled.
-- 'declared': stated by the carrier; 'measured': from a drive test or crowd-sourced measurements.
ALTER TABLE sites ADD COLUMN radius_source TEXT CHECK (radius_source IN ('declared', 'measured'));
