// Forms of communication a district reports each month on the 2G shutdown (Lai Châu and Sóc Trăng
// letters, 2024): the form, how many times it was used, and the media used.

export const COMM_FORMS = [
  'loudspeaker',
  'digital_team',
  'press',
  'posters',
  'carrier_shop',
  'sms',
  'social_media',
  'meeting',
] as const;
export type CommForm = (typeof COMM_FORMS)[number];

export const COMM_FORM_LABELS: Record<CommForm, { vi: string; en: string }> = {
  loudspeaker: { vi: 'Loa truyền thanh xã', en: 'Commune loudspeakers' },
  digital_team: { vi: 'Tổ công nghệ số cộng đồng', en: 'Community digital-technology teams' },
  press: { vi: 'Báo chí, phát thanh, truyền hình', en: 'Press, radio and television' },
  posters: { vi: 'Pano, áp phích, băng rôn', en: 'Posters and banners' },
  carrier_shop: { vi: 'Cửa hàng nhà mạng', en: 'Carrier shops' },
  sms: { vi: 'Tin nhắn SMS', en: 'SMS messages' },
  social_media: { vi: 'Mạng xã hội, Zalo', en: 'Social media, Zalo' },
  meeting: { vi: 'Hội nghị, họp dân', en: 'Meetings with residents' },
};
