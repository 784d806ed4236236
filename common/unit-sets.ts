// The unit sets phusong ships, by id (the date each came into force, or for the pre-reform set the last
// day it was in force), and the attribution their boundaries require. Shared by the server and the page.

/** The units as in force on 30 June 2025 (63 provinces › 691 districts › 10,033 communes). */
export const PRE_REFORM_SET = '2025-06-30';
/** Today's units, in force since 1 July 2025: the unit set the map's own tables (provinces, communes, boundaries) hold. */
export const CURRENT_SET = '2025-07-01';
/** Shown wherever the shipped boundaries are drawn or exported (their publisher's terms). */
export const BOUNDARY_ATTRIBUTION = 'Ranh giới: Bản đồ tham chiếu ĐVHC — NXB Tài nguyên Môi trường và Bản đồ Việt Nam';
