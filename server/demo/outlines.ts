// Hand-drawn, deliberately coarse outlines of the two demo provinces and approximate positions of their
// district seats, written for phusong (licence-clean: no third-party boundary data). The generator scales
// each outline about its centroid to the province's official area, so location and size are real while
// the shapes are schematic. Coordinates are [lon, lat], WGS84.

export interface ProvinceOutline {
  code: string;
  /** Official area in km² (GSO statistical yearbook 2022, rounded). */
  area_km2: number;
  /** One ring per land part (mainland, islands), closed. */
  parts: [number, number][][];
  /** District code → approximate position of the district seat. */
  seats: Record<string, [number, number]>;
}

export const HAI_PHONG: ProvinceOutline = {
  code: '31',
  area_km2: 1562,
  parts: [
    [
      [106.52, 21.0],
      [106.6, 21.04],
      [106.7, 21.02],
      [106.78, 20.98],
      [106.83, 20.92],
      [106.82, 20.85],
      [106.79, 20.8],
      [106.8, 20.74],
      [106.78, 20.69],
      [106.72, 20.7],
      [106.66, 20.66],
      [106.62, 20.62],
      [106.55, 20.6],
      [106.47, 20.6],
      [106.4, 20.63],
      [106.38, 20.68],
      [106.42, 20.74],
      [106.47, 20.8],
      [106.5, 20.86],
      [106.5, 20.93],
      [106.52, 21.0],
    ],
    // Cát Bà island (Cát Hải district)
    [
      [106.93, 20.86],
      [107.0, 20.87],
      [107.09, 20.83],
      [107.12, 20.76],
      [107.08, 20.71],
      [107.0, 20.7],
      [106.94, 20.74],
      [106.92, 20.8],
      [106.93, 20.86],
    ],
  ],
  seats: {
    '303': [106.662, 20.866], // Hồng Bàng
    '304': [106.7, 20.856], // Ngô Quyền
    '305': [106.678, 20.84], // Lê Chân
    '306': [106.745, 20.83], // Hải An
    '307': [106.628, 20.812], // Kiến An
    '308': [106.765, 20.715], // Đồ Sơn
    '309': [106.705, 20.77], // Dương Kinh
    '311': [106.665, 20.945], // Thuỷ Nguyên
    '312': [106.595, 20.872], // An Dương
    '313': [106.545, 20.8], // An Lão
    '314': [106.655, 20.735], // Kiến Thuỵ
    '315': [106.575, 20.695], // Tiên Lãng
    '316': [106.47, 20.68], // Vĩnh Bảo
    '317': [107.02, 20.78], // Cát Hải
  },
};

export const SON_LA: ProvinceOutline = {
  code: '14',
  area_km2: 14110,
  parts: [
    [
      [103.55, 22.03],
      [103.75, 21.9],
      [103.95, 21.75],
      [104.15, 21.62],
      [104.4, 21.55],
      [104.62, 21.45],
      [104.85, 21.38],
      [104.98, 21.25],
      [104.95, 21.1],
      [105.02, 20.95],
      [105.08, 20.82],
      [104.95, 20.7],
      [104.75, 20.68],
      [104.55, 20.72],
      [104.35, 20.78],
      [104.15, 20.85],
      [103.95, 20.78],
      [103.75, 20.62],
      [103.55, 20.58],
      [103.35, 20.65],
      [103.22, 20.8],
      [103.28, 20.98],
      [103.4, 21.1],
      [103.3, 21.28],
      [103.25, 21.45],
      [103.32, 21.62],
      [103.4, 21.8],
      [103.45, 21.95],
      [103.55, 22.03],
    ],
  ],
  seats: {
    '116': [103.91, 21.33], // Thành phố Sơn La
    '118': [103.57, 21.82], // Quỳnh Nhai
    '119': [103.67, 21.43], // Thuận Châu
    '120': [104.03, 21.52], // Mường La
    '121': [104.42, 21.25], // Bắc Yên
    '122': [104.66, 21.26], // Phù Yên
    '123': [104.64, 20.86], // Mộc Châu
    '124': [104.3, 21.05], // Yên Châu
    '125': [104.1, 21.17], // Mai Sơn
    '126': [103.74, 21.05], // Sông Mã
    '127': [103.52, 20.88], // Sốp Cộp
    '128': [104.83, 20.78], // Vân Hồ
  },
};
