// Every label of the page, in Vietnamese (default) and English, from this one table (those that follow
// the chosen sunset programme in ./sunset.ts; those of accounts, stations and imports in ./stations.ts).
import { SUNSET_LABELS } from './sunset.ts';
import { STATION_LABELS } from './stations.ts';

export type Lang = 'vi' | 'en';

const TABLE = {
  ...SUNSET_LABELS,
  ...STATION_LABELS,
  demo_banner: {
    vi: 'DỮ LIỆU MINH HOẠ — không phải số liệu chính thức',
    en: 'DEMO DATA — not official figures',
  },
  language: { vi: 'English', en: 'Tiếng Việt' },
  search_placeholder: { vi: 'Tìm xã, phường (cả tên cũ), mã trạm…', en: 'Search commune (old names too), site code…' },
  search_none: { vi: 'Không tìm thấy', en: 'No match' },
  area: { vi: 'Khu vực', en: 'Area' },
  all_provinces: { vi: 'Tất cả tỉnh', en: 'All provinces' },
  all_districts: { vi: 'Tất cả (huyện cũ)', en: 'All (former districts)' },
  estimated_note: {
    vi: '≈ Ước tính: số liệu báo cáo theo xã cũ bị chia cho nhiều xã mới, phân bổ theo dân số (hoặc diện tích)',
    en: '≈ Estimated: reported for an old commune divided between new ones, shared by population (or area)',
  },
  formed_from: { vi: 'Hình thành từ {n} đơn vị cũ (01/07/2025)', en: 'Formed from {n} former units (1 July 2025)' },
  units_of_file: { vi: 'Đơn vị hành chính của tệp', en: 'Administrative units of the file' },
  units_today: {
    vi: 'Hiện hành (từ 01/07/2025: 34 tỉnh, không có huyện)',
    en: "Today's (since 1 July 2025: 34 provinces, no districts)",
  },
  units_pre_reform: {
    vi: 'Trước 01/07/2025 (63 tỉnh, 691 huyện)',
    en: 'Before 1 July 2025 (63 provinces, 691 districts)',
  },
  import_in_other_units: { vi: 'Nhập theo đơn vị hành chính đó', en: 'Import in those units' },
  as_reported: {
    vi: 'Số liệu theo đơn vị cũ (trước 01/07/2025)',
    en: 'Figures in the former units (before 1 July 2025)',
  },
  as_reported_title: {
    vi: 'Như đã báo cáo, theo đơn vị trước 01/07/2025',
    en: 'As reported, in the units before 1 July 2025',
  },
  as_reported_hint: {
    vi: 'Huyện và xã cũ không có ranh giới trên bản đồ (trừ khi Sở nhập ranh giới của mình); số liệu đúng như báo cáo, không ước tính.',
    en: 'Former districts and communes have no boundaries on the map (unless the department imports its own); figures exactly as reported, no estimates.',
  },
  as_reported_later: {
    vi: 'Tháng {m} được báo cáo theo đơn vị hiện hành: đây là tháng cuối cùng báo cáo theo đơn vị cũ.',
    en: "{m} was reported in today's units: this is the last month reported in the former ones.",
  },
  formerly: { vi: 'trước đây: {name}', en: 'formerly {name}' },
  formed_part: { vi: 'một phần', en: 'part' },
  legend_estimated: { vi: 'Viền đứt: số liệu ước tính', en: 'Dashed outline: estimated figures' },
  month: { vi: 'Tháng', en: 'Month' },
  indicator: { vi: 'Chỉ tiêu', en: 'Indicator' },
  layers: { vi: 'Lớp bản đồ', en: 'Layers' },
  layer_communes: { vi: 'Chỉ tiêu theo xã', en: 'Commune indicator' },
  layer_sites: { vi: 'Trạm BTS', en: 'BTS sites' },
  layer_labels: { vi: 'Tên địa danh', en: 'Place names' },
  filters: { vi: 'Lọc trạm', en: 'Site filters' },
  operator: { vi: 'Nhà mạng', en: 'Operator' },
  technology: { vi: 'Công nghệ', en: 'Technology' },
  state: { vi: 'Trạng thái', en: 'State' },
  all: { vi: 'Tất cả', en: 'All' },
  ind_households_without_smartphone: { vi: 'Hộ chưa có điện thoại thông minh', en: 'Households without a smartphone' },
  ind_share_smartphone: { vi: 'Tỷ lệ hộ có điện thoại thông minh', en: 'Households with a smartphone' },
  ind_coverage_4g: { vi: 'Diện tích được phủ sóng 4G', en: 'Area covered by 4G' },
  layer_gaps: { vi: 'Vùng lõm sóng 4G', en: '4G coverage gaps' },
  layer_footprints: { vi: 'Vùng phủ của trạm', en: 'Site footprints' },
  coverage: { vi: 'Vùng phủ 4G', en: '4G coverage' },
  scenario: { vi: 'Kịch bản', en: 'Scenario' },
  scenario_current: { vi: 'Hiện tại', en: 'Current' },
  scenario_planned: { vi: 'Kể cả trạm kế hoạch', en: 'Including planned' },
  need_province: { vi: 'Chọn một tỉnh để xem vùng phủ', en: 'Choose a province to see coverage' },
  ranking: { vi: 'Xếp hạng ưu tiên', en: 'Priority ranking' },
  ranking_formula: { vi: 'Công thức', en: 'Formula' },
  ranking_weights: { vi: 'Trọng số', en: 'Weights' },
  commune_table: { vi: 'Bảng xã, phường', en: 'Commune table' },
  slides_pdf: { vi: 'PDF các trang', en: 'Slides as PDF' },
  export_a4: { vi: 'Ảnh A4 (300 dpi)', en: 'A4 sheet (300 dpi)' },
  north_letter: { vi: 'B', en: 'N' },
  export_source: {
    vi: 'Nguồn: số liệu thuê bao và trạm do các nhà mạng báo cáo; vùng phủ theo mô hình suy hao đường truyền — phusong',
    en: 'Source: subscriber and station figures reported by the operators; coverage by the link-budget model — phusong',
  },
  swipe_drag: { vi: 'Kéo để so sánh hai tháng', en: 'Drag to compare the two months' },
  compare_mode: { vi: 'Cách so sánh', en: 'Comparison' },
  compare_side: { vi: 'Hai bản đồ cạnh nhau', en: 'Side by side' },
  compare_swipe: { vi: 'Thanh kéo trên bản đồ', en: 'Swipe divider' },
  commune_table_file: { vi: 'bang-xa', en: 'communes' },
  table_search: { vi: 'Lọc theo tên…', en: 'Filter by name…' },
  table_where: { vi: 'Chỉ tiêu', en: 'Indicator' },
  table_min: { vi: 'từ', en: 'from' },
  table_max: { vi: 'đến', en: 'to' },
  table_count: { vi: '{n}/{total} đơn vị · tháng {m}', en: '{n} of {total} units · {m}' },
  tbl_subscribers: { vi: 'Tổng thuê bao', en: 'Subscribers' },
  tbl_households_without_smartphone: { vi: 'Hộ chưa có ĐTTM', en: 'Households without smartphone' },
  tbl_share_smartphone: { vi: 'Tỷ lệ hộ có ĐTTM', en: 'Smartphone share' },
  tbl_coverage_4g: { vi: 'Phủ sóng 4G', en: '4G coverage' },
  tbl_code: { vi: 'Mã', en: 'Code' },
  weight_share: { vi: 'Tỷ lệ thuê bao mất sóng', en: 'Share losing service' },
  weight_uncovered: { vi: 'Diện tích chưa phủ 4G', en: 'Area without 4G' },
  weight_nosmart: { vi: 'Hộ chưa có ĐTTM', en: 'Households without a smartphone' },
  weights_default: { vi: 'Mặc định', en: 'Defaults' },
  weights_sum: { vi: 'Tổng trọng số là {s} (thường là 1)', en: 'The weights add up to {s} (usually 1)' },
  rank: { vi: 'Hạng', en: 'Rank' },
  score: { vi: 'Điểm', en: 'Score' },
  uncovered: { vi: 'Chưa phủ 4G', en: 'Uncovered' },
  no_smartphone_short: { vi: 'Hộ chưa có ĐTTM', en: 'No smartphone' },
  whatif: { vi: 'Giả định (what-if)', en: 'What-if' },
  whatif_band: { vi: 'Băng tần trạm mới', en: 'New site band' },
  whatif_height: { vi: 'Độ cao (m)', en: 'Height (m)' },
  whatif_added: { vi: 'Trạm 4G thêm: {n}', en: '4G sites added: {n}' },
  whatif_run: { vi: 'Tính toán', en: 'Evaluate' },
  whatif_clear: { vi: 'Xoá', en: 'Clear' },
  whatif_copy: { vi: 'Sao chép liên kết', en: 'Copy link' },
  whatif_closed: { vi: 'Vùng lõm 4G được phủ thêm', en: '4G gaps the new sites close' },
  whatif_footprints: { vi: 'Vùng phủ của trạm giả định', en: 'Footprints of the hypothetical sites' },
  whatif_copied: { vi: 'Đã sao chép liên kết kịch bản', en: 'Scenario link copied' },
  whatif_save: { vi: 'Lưu trên máy này', en: 'Save on this computer' },
  whatif_saved: { vi: 'Kịch bản đã lưu', en: 'Saved scenarios' },
  whatif_name: { vi: 'Tên kịch bản', en: 'Scenario name' },
  whatif_none: { vi: 'Không xã nào thay đổi', en: 'No commune changes' },
  coverage_before_after: { vi: 'Phủ 4G trước → sau', en: '4G coverage before → after' },
  any_before_after: { vi: 'Có sóng trước → sau', en: 'Any service before → after' },
  provenance: { vi: 'Nguồn bán kính', en: 'Radius source' },
  prov_modelled: { vi: 'mô hình', en: 'modelled' },
  prov_declared: { vi: 'nhà mạng khai báo', en: 'declared by carrier' },
  prov_measured: { vi: 'đo thực tế', en: 'measured' },
  present: { vi: 'Trình chiếu', en: 'Present' },
  present_exit: { vi: 'Thoát trình chiếu (Esc)', en: 'Exit presentation (Esc)' },
  present_title: { vi: '{area} — tháng {m}', en: '{area} — {m}' },
  all_area: { vi: 'Toàn bộ dữ liệu', en: 'All data' },
  kpi_smartphone: { vi: 'Hộ có điện thoại thông minh', en: 'Households with a smartphone' },
  kpi_4g: { vi: 'Trạm 4G mới / nâng cấp', en: 'New / upgraded 4G sites' },
  kpi_gaps: { vi: 'Xã còn vùng lõm 4G', en: 'Communes with 4G gaps' },
  slide_save: { vi: 'Lưu khung nhìn', en: 'Save view' },
  slide_name: { vi: 'Tên', en: 'Name' },
  slide_title: { vi: 'Tiêu đề', en: 'Title' },
  slide_note: { vi: 'Ghi chú', en: 'Note' },
  slide_of: { vi: 'Trang {i}/{n}', en: 'Slide {i}/{n}' },
  slides_saved: { vi: '{n} trang đã lưu', en: '{n} saved views' },
  slides: { vi: 'Các khung nhìn đã lưu', en: 'Saved views' },
  play: { vi: 'Phát', en: 'Play' },
  pause: { vi: 'Dừng', en: 'Pause' },
  compare: { vi: 'So sánh trước/sau', en: 'Before / after' },
  compare_exit: { vi: 'Tắt so sánh', en: 'End comparison' },
  charts: { vi: 'Biểu đồ theo tháng', en: 'Charts by month' },
  chart_no_smartphone: { vi: 'Hộ chưa có điện thoại thông minh', en: 'Households without a smartphone' },
  chart_built: { vi: 'Trạm 4G mới và nâng cấp (luỹ kế)', en: 'New and upgraded 4G sites (cumulative)' },
  export_png: { vi: 'Ảnh PNG', en: 'PNG image' },
  export_pdf: { vi: 'Bản tóm tắt PDF', en: 'PDF brief' },
  export_report: { vi: 'Báo cáo tháng (Excel)', en: 'Monthly report (Excel)' },
  export_report_pdf: { vi: 'Báo cáo tháng (PDF, mẫu hành chính)', en: 'Monthly report (PDF, official layout)' },
  comm_reports: { vi: 'Báo cáo truyền thông', en: 'Communication reports' },
  comm_enter: { vi: 'Nhập báo cáo của huyện', en: 'Enter a district report' },
  comm_count: { vi: 'Số lần', en: 'Times' },
  comm_media: { vi: 'Phương tiện', en: 'Media' },
  comm_form: { vi: 'Hình thức', en: 'Form' },
  comm_status_reported: { vi: 'Đã báo cáo', en: 'Reported' },
  comm_status_due: { vi: 'Chưa báo cáo — hạn {d}', en: 'Not reported — due {d}' },
  comm_status_late: { vi: 'Quá hạn {d}', en: 'Late since {d}' },
  comm_total: { vi: 'Tổng toàn tỉnh: {n} lần', en: 'Province total: {n} times' },
  district_table: { vi: 'Số liệu theo huyện', en: 'Figures by district' },
  unit_subscribers: { vi: 'thuê bao', en: 'subscribers' },
  unit_households: { vi: 'hộ', en: 'households' },
  unit_percent: { vi: '%', en: '%' },
  no_data: { vi: 'Không có số liệu', en: 'No data' },
  cat_2g_off: { vi: 'Đã tắt 2G', en: '2G switched off' },
  cat_4g_new: { vi: 'Trạm 4G mới', en: 'New 4G' },
  cat_4g_upgraded: { vi: 'Nâng cấp 4G', en: 'Upgraded to 4G' },
  cat_4g_active: { vi: '4G đang phát', en: 'Active 4G' },
  cat_2g_active: { vi: 'Chỉ 2G/3G đang phát', en: 'Active 2G/3G only' },
  cat_planned: { vi: 'Kế hoạch', en: 'Planned' },
  cat_off: { vi: 'Ngừng phát', en: 'Off air' },
  st_planned: { vi: 'kế hoạch', en: 'planned' },
  st_active: { vi: 'đang phát', en: 'active' },
  st_upgraded: { vi: 'nâng cấp', en: 'upgraded' },
  st_switched_off: { vi: 'đã tắt', en: 'switched off' },
  sites_legend: { vi: 'Trạm BTS', en: 'BTS sites' },
  sites_at: { vi: 'Trạm tại ngày (trống: hôm nay)', en: 'Stations at (empty: today)' },
  cluster: { vi: 'Cụm {n} trạm — bấm để phóng to', en: 'Cluster of {n} sites — click to zoom in' },
  commune: { vi: 'Xã/phường', en: 'Commune' },
  district: { vi: 'Huyện cũ', en: 'Former district' },
  province: { vi: 'Tỉnh', en: 'Province' },
  code: { vi: 'Mã', en: 'Code' },
  subscribers: { vi: 'Thuê bao di động', en: 'Mobile subscribers' },
  subscribers_2g: { vi: 'Thuê bao 2G', en: '2G subscribers' },
  households: { vi: 'Số hộ', en: 'Households' },
  households_smartphone: { vi: 'Hộ có điện thoại thông minh', en: 'Households with a smartphone' },
  households_without_smartphone: { vi: 'Hộ chưa có điện thoại thông minh', en: 'Households without a smartphone' },
  share_2g: { vi: 'Tỷ lệ 2G', en: '2G share' },
  share_smartphone: { vi: 'Tỷ lệ hộ có ĐTTM', en: 'Smartphone share' },
  chart_title: { vi: 'Theo tháng: {ind}', en: 'By month: {ind}' },
  site: { vi: 'Trạm', en: 'Site' },
  site_code: { vi: 'Mã trạm', en: 'Site code' },
  antenna_height: { vi: 'Độ cao anten', en: 'Antenna height' },
  band: { vi: 'Băng tần', en: 'Band' },
  technologies: { vi: 'Công nghệ', en: 'Technologies' },
  history: { vi: 'Lịch sử sự kiện', en: 'Event history' },
  sectors: { vi: 'Hướng anten', en: 'Sectors' },
  close: { vi: 'Đóng', en: 'Close' },
  date: { vi: 'Ngày', en: 'Date' },
  error_load: { vi: 'Không tải được dữ liệu: {msg}', en: 'Could not load data: {msg}' },
  api_docs: { vi: 'Tài liệu API', en: 'API docs' },
  menu: { vi: 'Bảng điều khiển', en: 'Controls' },
  legend_month: { vi: 'tháng {m}', en: '{m}' },
  role_admin: { vi: 'quản trị', en: 'admin' },
  role_carrier: { vi: 'nhà mạng', en: 'carrier' },
  role_viewer: { vi: 'chỉ xem', en: 'viewer' },
  audit_create: { vi: 'tạo mới', en: 'created' },
  audit_update: { vi: 'sửa', en: 'edited' },
  audit_event: { vi: 'thêm sự kiện', en: 'event added' },
  audit_retire: { vi: 'ngừng sử dụng', en: 'retired' },
  audit_delete: { vi: 'xoá', en: 'deleted' },
  audit_import: { vi: 'nhập tệp', en: 'imported' },
  audit_import_create: { vi: 'nhập tệp: tạo mới', en: 'import: created' },
  audit_import_update: { vi: 'nhập tệp: cập nhật', en: 'import: updated' },
  audit_units_moved: { vi: 'xếp lại theo đơn vị mới', en: 're-filed in new units' },
  audit_apply: { vi: 'áp dụng', en: 'applied' },
  entity_site: { vi: 'trạm', en: 'site' },
  entity_indicators: { vi: 'số liệu tháng', en: 'monthly figures' },
  entity_boundary_version: { vi: 'ranh giới', en: 'boundaries' },
  entity_comm_report: { vi: 'báo cáo truyền thông', en: 'communication report' },
  entity_slide: { vi: 'trang trình chiếu', en: 'slide' },
  entity_unit_sets: { vi: 'bộ đơn vị hành chính', en: 'unit set' },
  entity_unit_set_boundaries: { vi: 'ranh giới đơn vị cũ', en: 'former units’ boundaries' },
  entity_user: { vi: 'tài khoản', en: 'account' },
  export_subtitle: {
    vi: '{indicator} · số liệu tháng {m} · lập ngày {d}',
    en: '{indicator} · data for {m} · made on {d}',
  },
  legend: { vi: 'Chú giải', en: 'Legend' },
  at_date: { vi: 'tại {d}', en: 'at {d}' },
} as const satisfies Record<string, Record<Lang, string>>;

export type LabelKey = keyof typeof TABLE;

let lang: Lang = 'vi';

export function getLang(): Lang {
  return lang;
}

export function setLang(l: Lang): void {
  if (l === lang) return;
  lang = l;
  document.documentElement.lang = l;
}

let sunset = '2G';

/** The sunset programme the labels follow (its technology fills {tech}; its own wording where there is one). */
export function setSunset(technology: string): void {
  sunset = technology;
}

/** The label in the current language, with {placeholders} filled in. */
export function t(key: LabelKey, vars: Record<string, string | number> = {}): string {
  const entry = (TABLE as Record<string, Record<Lang, string>>)[`${key}@${sunset}`] ?? TABLE[key];
  return entry[lang].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? (k === 'tech' ? sunset : '')));
}

/** A month as people write it: "9/2024" in Vietnamese, "Sep 2024" in English ("YYYY-MM" in the API). */
export function formatMonth(m: string | null | undefined): string {
  const x = /^(\d{4})-(\d{2})$/.exec(m ?? '');
  if (!x) return m ?? '—';
  if (lang === 'vi') return `${Number(x[2])}/${x[1]}`;
  return new Date(Date.UTC(Number(x[1]), Number(x[2]) - 1, 1)).toLocaleDateString('en-GB', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** "tháng 9/2024" / "month Sep 2024". */
export const monthLabel = (m: string | null | undefined): string => t('legend_month', { m: formatMonth(m) });

/** A stored word (role, audit action, entity) in the page's language; unknown words as they are. */
export function word(prefix: 'role' | 'audit' | 'entity', value: string): string {
  const key = `${prefix}_${value}`;
  return key in TABLE ? t(key as LabelKey) : value;
}

/** A day as people write it: "02/12/2026" in Vietnamese, "2 Dec 2026" in English. */
export function formatDay(d: string): string {
  const x = /^(\d{4})-(\d{2})-(\d{2})/.exec(d);
  if (!x) return d;
  if (lang === 'vi') return `${x[3]}/${x[2]}/${x[1]}`;
  return new Date(Date.UTC(Number(x[1]), Number(x[2]) - 1, Number(x[3]))).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/**
 * A moment as people read it, in the reader's own time zone (the API gives UTC): "08/12/2026 08:10" in
 * Vietnamese, "8 Dec 2026, 08:10" in English.
 */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  // The local day, written as formatDay writes days.
  const day = formatDay(`${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`);
  return `${day}${lang === 'vi' ? '' : ','} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
}

export function formatPercent(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined) return '—';
  return `${(x * 100).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits })} %`;
}
