// Labels that follow the chosen sunset programme. `{tech}` is the programme's technology; a key with an
// `@2G` (or `@3G`) variant is worded for that programme, as people say it ("Thuê bao 2G"), and the plain
// key, worded for any technology, serves every other — a later sunset needs a programme, not a label.

export const SUNSET_LABELS = {
  app_title: { vi: 'Phủ sóng — bản đồ tắt sóng {tech}', en: 'Phủ sóng — {tech} shutdown map' },
  sunset: { vi: 'Lộ trình tắt sóng', en: 'Sunset programme' },
  sunset_option: { vi: '{name} — tắt mạng {d}', en: '{name} — network off {d}' },
  ind_subscribers_sunset: {
    vi: 'Thuê bao mất liên lạc khi tắt {tech}',
    en: 'Subscribers losing service when {tech} goes',
  },
  'ind_subscribers_sunset@2G': { vi: 'Thuê bao 2G', en: '2G subscribers' },
  ind_share_sunset: {
    vi: 'Tỷ lệ thuê bao mất liên lạc khi tắt {tech}',
    en: 'Share losing service when {tech} goes',
  },
  'ind_share_sunset@2G': { vi: 'Tỷ lệ thuê bao 2G', en: '2G share of subscribers' },
  subscribers_sunset: { vi: 'TB mất liên lạc khi tắt {tech}', en: 'Losing service when {tech} goes' },
  'subscribers_sunset@2G': { vi: 'Thuê bao 2G', en: '2G subscribers' },
  share_sunset: { vi: 'Tỷ lệ mất liên lạc khi tắt {tech}', en: 'Share losing service when {tech} goes' },
  'share_sunset@2G': { vi: 'Tỷ lệ 2G', en: '2G share' },
  subscribers_3g: { vi: 'Thuê bao máy 3G (chưa có 4G)', en: '3G phones (no 4G)' },
  subscribers_no_volte: { vi: 'Thuê bao 4G chưa hỗ trợ VoLTE', en: '4G phones without VoLTE' },
  subs_in_gaps: { vi: 'TB mất liên lạc trong vùng lõm', en: 'Losing service, in gaps' },
  'subs_in_gaps@2G': { vi: 'TB 2G trong vùng lõm', en: '2G subs in gaps' },
  h3_resolution: { vi: 'lưới H3 độ phân giải {res}', en: 'H3 grid resolution {res}' },
  model_note: {
    vi: 'Mô hình {model}, lưới H3 độ phân giải {res}, {n} trạm, tại {d}. Thuê bao coi như phân bố đều trên diện tích xã.',
    en: 'Model {model}, H3 grid resolution {res}, {n} sites, at {d}. Subscribers assumed spread evenly over each commune.',
  },
  coverage_after: { vi: 'Còn sóng sau khi tắt {tech}', en: 'Service left once {tech} is off' },
  whatif_help: {
    vi: 'Bấm vào trạm {tech} để chọn tắt; bấm vào chỗ trống trên bản đồ để đặt trạm 4G giả định. Chưa có gì được lưu.',
    en: 'Click a {tech} site to switch it off; click an empty spot to place a hypothetical 4G site. Nothing is saved.',
  },
  whatif_switch_off: { vi: 'Trạm tắt {tech}: {n}', en: '{tech} switched off: {n}' },
  whatif_all: { vi: 'Tắt {tech} ở mọi trạm của tỉnh', en: 'Switch {tech} off at every site' },
  whatif_refarm: { vi: 'Chuyển tần số của {tech} sang 4G', en: "Refarm {tech}'s spectrum to 4G" },
  whatif_refarm_none: { vi: 'Không chuyển', en: 'No refarming' },
  whatif_refarmed: {
    vi: '{n} trạm chuyển {band} MHz sang 4G (bán kính trung vị {r} km).',
    en: '{n} sites refarmed to LTE {band} MHz (median radius {r} km).',
  },
  whatif_lost: { vi: 'Mất hết sóng khi tắt {tech}', en: 'No service once {tech} is off' },
  whatif_totals: {
    vi: '{n} xã thay đổi. TB mất liên lạc khi tắt {tech} trong vùng lõm 4G: {b} → {a}. Không còn sóng nào: {l}.',
    en: '{n} communes change. Subscribers losing service when {tech} goes, in 4G gaps: {b} → {a}. Left with no service: {l}.',
  },
  'whatif_totals@2G': {
    vi: '{n} xã thay đổi. TB 2G trong vùng lõm 4G: {b} → {a}. TB 2G mất sóng hoàn toàn: {l}.',
    en: '{n} communes change. 2G subscribers in 4G gaps: {b} → {a}. 2G subscribers left with no service: {l}.',
  },
  losing: { vi: 'TB mất sóng', en: 'Subs losing service' },
  'losing@2G': { vi: 'TB 2G mất sóng', en: '2G subs losing service' },
  kpi_sunset_left: {
    vi: 'Thuê bao sẽ mất liên lạc khi tắt {tech}',
    en: 'Subscribers to lose service when {tech} goes',
  },
  'kpi_sunset_left@2G': { vi: 'Thuê bao 2G còn lại', en: '2G subscribers left' },
  kpi_sunset_off: { vi: 'Trạm đã tắt {tech}', en: '{tech} sites switched off' },
  chart_sunset: { vi: 'Thuê bao mất liên lạc khi tắt {tech}', en: 'Subscribers losing service when {tech} goes' },
  'chart_sunset@2G': { vi: 'Thuê bao 2G', en: '2G subscribers' },
  chart_off: { vi: 'Trạm tắt {tech} (luỹ kế)', en: '{tech} sites switched off (cumulative)' },
  sunsets_edit: { vi: 'Lộ trình tắt sóng', en: 'Sunset programmes' },
  sunsets_help: {
    vi: 'Các mốc của từng lộ trình, và ngày riêng của nhà mạng nếu khác. Mọi thay đổi được ghi nhật ký.',
    en: 'Each programme’s milestones, and an operator’s own dates where they differ. Every change is logged.',
  },
  milestone_handset_cutoff: { vi: 'Dừng máy đầu cuối chỉ hỗ trợ {tech}', en: '{tech}-only handsets cut off' },
  milestone_network_off: { vi: 'Tắt mạng {tech}', en: '{tech} network off' },
  operator_dates: {
    vi: 'Ngày riêng của nhà mạng (trống: theo lộ trình chung)',
    en: 'Operator dates (empty: national)',
  },
  sunsets_saved: { vi: 'Đã lưu lộ trình', en: 'Programmes saved' },
  entity_sunsets: { vi: 'lộ trình tắt sóng', en: 'sunset programmes' },
} as const;
