// The parts of shpjs (a JavaScript Shapefile reader without its own types) phusong uses.
declare module 'shpjs' {
  import type { Geometry } from 'geojson';
  /** Geometries of a .shp; with no projection given, coordinates are returned as stored. */
  export function parseShp(shp: ArrayBuffer | Uint8Array | DataView, prj?: string): Geometry[];
  /** Attribute rows of a .dbf, decoded with the .cpg's code page. */
  export function parseDbf(dbf: ArrayBuffer | Uint8Array | DataView, cpg?: string): Record<string, unknown>[];
}
