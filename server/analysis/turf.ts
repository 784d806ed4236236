// The few turf functions the server uses, each from its own package. `@turf/turf` loads all of turf's
// hundred-odd modules: about 0.3 s and 0.5 s of CPU for every process and every worker thread that
// imports it, against 0.06 s for these (measured with a bare `import`, 7 December).
export { area } from '@turf/area';
export { bbox } from '@turf/bbox';
export { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
export { centerOfMass } from '@turf/center-of-mass';
export { feature, featureCollection, point } from '@turf/helpers';
export { pointOnFeature } from '@turf/point-on-feature';
export { simplify } from '@turf/simplify';
export { union } from '@turf/union';
