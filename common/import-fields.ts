// The fields a station file's columns can map to; shared by the importer and the page's mapping table.
export const IMPORT_FIELDS = [
  'operator',
  'site_code',
  'name',
  'province',
  'lat',
  'lon',
  'position',
  'vn2000_x',
  'vn2000_y',
  'tech',
  'status',
  'date',
  'band_mhz',
  'antenna_height_m',
  'azimuths',
  'beamwidth_deg',
  'note',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
