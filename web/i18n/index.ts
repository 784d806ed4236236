// Every label of the page, in Vietnamese (default) and English, from this one table.

export type Lang = 'vi' | 'en';

const TABLE = {
  app_title: { vi: 'Phủ sóng — bản đồ tắt sóng 2G', en: 'Phủ sóng — 2G shutdown map' },
  demo_banner: {
    vi: 'DỮ LIỆU MINH HOẠ — không phải số liệu chính thức',
    en: 'DEMO DATA — not official figures',
  },
  language: { vi: 'English', en: 'Tiếng Việt' },
  search_placeholder: { vi: 'Tìm xã, huyện, mã trạm…', en: 'Search commune, district, site code…' },
  search_none: { vi: 'Không tìm thấy', en: 'No match' },
  area: { vi: 'Khu vực', en: 'Area' },
  all_provinces: { vi: 'Tất cả tỉnh', en: 'All provinces' },
  all_districts: { vi: 'Tất cả huyện', en: 'All districts' },
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
  ind_subscribers_2g: { vi: 'Thuê bao 2G', en: '2G subscribers' },
  ind_share_2g: { vi: 'Tỷ lệ thuê bao 2G', en: '2G share of subscribers' },
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
  rank: { vi: 'Hạng', en: 'Rank' },
  score: { vi: 'Điểm', en: 'Score' },
  uncovered: { vi: 'Chưa phủ 4G', en: 'Uncovered' },
  subs_in_gaps: { vi: 'TB 2G trong vùng lõm', en: '2G subs in gaps' },
  no_smartphone_short: { vi: 'Hộ chưa có ĐTTM', en: 'No smartphone' },
  model_note: {
    vi: 'Mô hình {model}, lưới H3 độ phân giải {res}, {n} trạm, tại {d}. TB 2G coi như phân bố đều trên diện tích xã.',
    en: 'Model {model}, H3 grid resolution {res}, {n} sites, at {d}. 2G subscribers assumed spread evenly over each commune.',
  },
  whatif: { vi: 'Giả định (what-if)', en: 'What-if' },
  whatif_help: {
    vi: 'Bấm vào trạm 2G để chọn tắt; bấm vào chỗ trống trên bản đồ để đặt trạm 4G giả định. Chưa có gì được lưu.',
    en: 'Click a 2G site to switch it off; click an empty spot to place a hypothetical 4G site. Nothing is saved.',
  },
  whatif_band: { vi: 'Băng tần trạm mới', en: 'New site band' },
  whatif_height: { vi: 'Độ cao (m)', en: 'Height (m)' },
  whatif_switch_off: { vi: 'Trạm tắt 2G: {n}', en: '2G switched off: {n}' },
  whatif_added: { vi: 'Trạm 4G thêm: {n}', en: '4G sites added: {n}' },
  whatif_run: { vi: 'Tính toán', en: 'Evaluate' },
  whatif_clear: { vi: 'Xoá', en: 'Clear' },
  whatif_copy: { vi: 'Sao chép liên kết', en: 'Copy link' },
  whatif_copied: { vi: 'Đã sao chép liên kết kịch bản', en: 'Scenario link copied' },
  whatif_save: { vi: 'Lưu trên máy này', en: 'Save on this computer' },
  whatif_saved: { vi: 'Kịch bản đã lưu', en: 'Saved scenarios' },
  whatif_name: { vi: 'Tên kịch bản', en: 'Scenario name' },
  whatif_totals: {
    vi: '{n} xã thay đổi. TB 2G trong vùng lõm 4G: {b} → {a}. TB 2G mất sóng hoàn toàn: {l}.',
    en: '{n} communes change. 2G subscribers in 4G gaps: {b} → {a}. 2G subscribers left with no service: {l}.',
  },
  whatif_none: { vi: 'Không xã nào thay đổi', en: 'No commune changes' },
  coverage_before_after: { vi: 'Phủ 4G trước → sau', en: '4G coverage before → after' },
  any_before_after: { vi: 'Có sóng trước → sau', en: 'Any service before → after' },
  losing: { vi: 'TB 2G mất sóng', en: '2G subs losing service' },
  provenance: { vi: 'Nguồn bán kính', en: 'Radius source' },
  prov_modelled: { vi: 'mô hình', en: 'modelled' },
  prov_declared: { vi: 'nhà mạng khai báo', en: 'declared by carrier' },
  prov_measured: { vi: 'đo thực tế', en: 'measured' },
  login: { vi: 'Đăng nhập', en: 'Log in' },
  logout: { vi: 'Đăng xuất', en: 'Log out' },
  username: { vi: 'Tên đăng nhập', en: 'Username' },
  password: { vi: 'Mật khẩu', en: 'Password' },
  cancel: { vi: 'Huỷ', en: 'Cancel' },
  save: { vi: 'Lưu', en: 'Save' },
  stations: { vi: 'Quản lý trạm', en: 'Stations' },
  add_site: { vi: 'Thêm trạm', en: 'Add a site' },
  edit_site: { vi: 'Sửa trạm', en: 'Edit site' },
  add_event: { vi: 'Thêm sự kiện', en: 'Add an event' },
  retire_site: { vi: 'Loại bỏ trạm', en: 'Retire site' },
  retire_reason: { vi: 'Lý do loại bỏ', en: 'Reason for retiring' },
  position: { vi: 'Vị trí', en: 'Position' },
  position_help: {
    vi: 'Độ thập phân "21.0285, 105.8542", độ-phút-giây 21°01\'42.6"N 105°51\'15.1"E, hoặc VN-2000 "X=2324567 Y=587654"',
    en: 'Decimal "21.0285, 105.8542", DMS 21°01\'42.6"N 105°51\'15.1"E, or VN-2000 "X=2324567 Y=587654"',
  },
  azimuths: { vi: 'Góc phương vị (vd 0/120/240)', en: 'Azimuths (e.g. 0/120/240)' },
  beamwidth: { vi: 'Độ rộng búp sóng (°)', en: 'Beamwidth (°)' },
  site_name: { vi: 'Tên trạm', en: 'Site name' },
  import_sites: { vi: 'Nhập từ Excel/CSV', en: 'Import Excel/CSV' },
  export_csv: { vi: 'Xuất CSV', en: 'Export CSV' },
  export_xlsx: { vi: 'Xuất Excel', en: 'Export Excel' },
  audit_log: { vi: 'Nhật ký thay đổi', en: 'Change log' },
  file: { vi: 'Tệp', en: 'File' },
  preview: { vi: 'Xem trước', en: 'Preview' },
  commit: { vi: 'Ghi vào hệ thống', en: 'Commit' },
  import_summary: {
    vi: '{rows} dòng, {sites} trạm: thêm {create}, cập nhật {update}, không đổi {unchanged}, sự kiện mới {events}.',
    en: '{rows} rows, {sites} sites: create {create}, update {update}, unchanged {unchanged}, new events {events}.',
  },
  import_errors: { vi: '{n} dòng lỗi — chưa ghi gì', en: '{n} bad rows — nothing written' },
  import_done: { vi: 'Đã ghi xong', en: 'Written' },
  row: { vi: 'Dòng', en: 'Row' },
  column: { vi: 'Cột', en: 'Column' },
  reason: { vi: 'Lý do', en: 'Reason' },
  mapping: { vi: 'Cột trong tệp → trường', en: 'File column → field' },
  ignored: { vi: '(bỏ qua)', en: '(ignored)' },
  uploading: { vi: 'Đang tải lên {p}%', en: 'Uploading {p}%' },
  saved_site: { vi: 'Đã lưu trạm {code}', en: 'Saved site {code}' },
  who_when: { vi: '{who} qua {via}', en: '{who} via {via}' },
  api_tokens: { vi: 'Mã API cho phần mềm', en: 'API tokens' },
  token_name: { vi: 'Tên mã', en: 'Token name' },
  token_create: { vi: 'Tạo mã', en: 'Create token' },
  token_once: { vi: 'Sao chép ngay: mã chỉ hiện một lần', en: 'Copy it now: it is shown only once' },
  revoke: { vi: 'Thu hồi', en: 'Revoke' },
  initial_event: { vi: 'Sự kiện đầu tiên', en: 'First event' },
  import_data: { vi: 'Nhập ranh giới / số liệu tháng', en: 'Import boundaries / monthly figures' },
  import_kind: { vi: 'Loại dữ liệu', en: 'Kind of data' },
  import_boundaries: {
    vi: 'Ranh giới (GeoJSON, TopoJSON, Shapefile .zip)',
    en: 'Boundaries (GeoJSON, TopoJSON, zipped Shapefile)',
  },
  import_indicators: { vi: 'Số liệu tháng theo xã (Excel, CSV)', en: 'Monthly commune figures (Excel, CSV)' },
  level: { vi: 'Cấp', en: 'Level' },
  skip_unmatched: { vi: 'Bỏ qua các vùng không khớp', en: 'Leave unmatched features out' },
  data_summary: {
    vi: 'Khớp {matched}, không khớp {unmatched}; mới {created}, thay {updated}.',
    en: 'Matched {matched}, unmatched {unmatched}; new {created}, replaced {updated}.',
  },
  unmatched: { vi: 'không khớp — gần nhất', en: 'unmatched — closest' },
  duplicate: { vi: 'trùng', en: 'duplicate' },
  invalid_geometry: { vi: 'hình học lỗi', en: 'invalid geometry' },
  present: { vi: 'Trình chiếu', en: 'Present' },
  present_exit: { vi: 'Thoát trình chiếu (Esc)', en: 'Exit presentation (Esc)' },
  present_title: { vi: '{area} — tháng {m}', en: '{area} — {m}' },
  all_area: { vi: 'Toàn bộ dữ liệu', en: 'All data' },
  kpi_smartphone: { vi: 'Hộ có điện thoại thông minh', en: 'Households with a smartphone' },
  kpi_2g_left: { vi: 'Thuê bao 2G còn lại', en: '2G subscribers left' },
  kpi_2g_off: { vi: 'Trạm đã tắt 2G', en: '2G sites switched off' },
  kpi_4g: { vi: 'Trạm 4G mới / nâng cấp', en: 'New / upgraded 4G sites' },
  kpi_gaps: { vi: 'Xã còn vùng lõm 4G', en: 'Communes with 4G gaps' },
  slide_save: { vi: 'Lưu khung nhìn', en: 'Save view' },
  slide_name: { vi: 'Tên', en: 'Name' },
  slide_title: { vi: 'Tiêu đề', en: 'Title' },
  slide_note: { vi: 'Ghi chú', en: 'Note' },
  slide_of: { vi: 'Trang {i}/{n}', en: 'Slide {i}/{n}' },
  slides: { vi: 'Các khung nhìn đã lưu', en: 'Saved views' },
  play: { vi: 'Phát', en: 'Play' },
  pause: { vi: 'Dừng', en: 'Pause' },
  compare: { vi: 'So sánh trước/sau', en: 'Before / after' },
  compare_exit: { vi: 'Tắt so sánh', en: 'End comparison' },
  charts: { vi: 'Biểu đồ theo tháng', en: 'Charts by month' },
  chart_no_smartphone: { vi: 'Hộ chưa có điện thoại thông minh', en: 'Households without a smartphone' },
  chart_2g: { vi: 'Thuê bao 2G', en: '2G subscribers' },
  chart_off: { vi: 'Trạm tắt 2G (luỹ kế)', en: '2G sites switched off (cumulative)' },
  chart_built: { vi: 'Trạm 4G mới và nâng cấp (luỹ kế)', en: 'New and upgraded 4G sites (cumulative)' },
  export_png: { vi: 'Ảnh PNG', en: 'PNG image' },
  export_pdf: { vi: 'Bản tóm tắt PDF', en: 'PDF brief' },
  export_report: { vi: 'Báo cáo tháng (Excel)', en: 'Monthly report (Excel)' },
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
  sites_legend: { vi: 'Trạm BTS (tại cuối tháng)', en: 'BTS sites (at month end)' },
  cluster: { vi: 'Cụm {n} trạm — bấm để phóng to', en: 'Cluster of {n} sites — click to zoom in' },
  commune: { vi: 'Xã/phường', en: 'Commune' },
  district: { vi: 'Huyện', en: 'District' },
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
  legend_month: { vi: 'tháng {m}', en: 'month {m}' },
  legend: { vi: 'Chú giải', en: 'Legend' },
  at_date: { vi: 'tại {d}', en: 'at {d}' },
} as const satisfies Record<string, Record<Lang, string>>;

export type LabelKey = keyof typeof TABLE;

let lang: Lang = 'vi';
const listeners = new Set<() => void>();

export function getLang(): Lang {
  return lang;
}

export function setLang(l: Lang): void {
  if (l === lang) return;
  lang = l;
  document.documentElement.lang = l;
  for (const f of listeners) f();
}

export function onLangChange(f: () => void): void {
  listeners.add(f);
}

/** The label in the current language, with {placeholders} filled in. */
export function t(key: LabelKey, vars: Record<string, string | number> = {}): string {
  return TABLE[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}

export function hasLabel(key: string): key is LabelKey {
  return key in TABLE;
}

export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
}

export function formatPercent(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined) return '—';
  return `${(x * 100).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits })} %`;
}
