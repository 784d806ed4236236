// A small bar chart of one indicator month by month (side panel). Plain SVG, no chart library.
import { formatMonth, formatNumber, formatPercent } from '../../i18n/index.ts';

const NS = 'http://www.w3.org/2000/svg';

export function barChart(
  points: { month: string; value: number | null }[],
  options: { percent: boolean; color: string; width?: number; height?: number },
): SVGSVGElement {
  const w = options.width ?? 300;
  const h = options.height ?? 120;
  // Months of more than one year get a row of years under the months.
  const spansYears = new Set(points.map((p) => p.month.slice(0, 4))).size > 1;
  const pad = { l: 4, r: 4, t: 16, b: spansYears ? 30 : 18 };
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'img');
  const values = points.map((p) => p.value ?? 0);
  const max = Math.max(...values, options.percent ? 0.01 : 1);
  const bw = (w - pad.l - pad.r) / Math.max(points.length, 1);
  // Every month's number while a bar is wide enough for it (two digits of 10 px text take about 14 units);
  // otherwise every 2nd, 3rd, 6th or 12th month, so the labels never run into each other.
  const step = [1, 2, 3, 6].find((s) => s * bw >= 14) ?? 12;
  // Each year's label under its January; the first month's year too when the first January is far enough.
  const firstJanuary = points.findIndex((p) => p.month.endsWith('-01'));
  const yearAtStart = firstJanuary !== 0 && (firstJanuary < 0 || firstJanuary * bw >= 28);
  points.forEach((p, i) => {
    const v = p.value ?? 0;
    const bh = ((h - pad.t - pad.b) * v) / max;
    const x = pad.l + i * bw;
    const rect = document.createElementNS(NS, 'rect');
    rect.setAttribute('x', String(x + 2));
    rect.setAttribute('y', String(h - pad.b - bh));
    rect.setAttribute('width', String(Math.max(1, bw - 4)));
    rect.setAttribute('height', String(bh));
    rect.setAttribute('fill', options.color);
    const title = document.createElementNS(NS, 'title');
    title.textContent = `${formatMonth(p.month)}: ${options.percent ? formatPercent(p.value) : formatNumber(p.value)}`;
    rect.append(title);
    svg.append(rect);
    if ((Number(p.month.slice(5, 7)) - 1) % step === 0) {
      const label = document.createElementNS(NS, 'text');
      label.setAttribute('x', String(x + bw / 2));
      label.setAttribute('y', String(h - pad.b + 12));
      label.setAttribute('text-anchor', 'middle');
      label.textContent = p.month.slice(5);
      svg.append(label);
    }
    if (spansYears && (p.month.endsWith('-01') || (i === 0 && yearAtStart))) {
      const year = document.createElementNS(NS, 'text');
      year.setAttribute('x', String(x + 1));
      year.setAttribute('y', String(h - 3));
      year.setAttribute('class', 'year');
      year.textContent = p.month.slice(0, 4);
      svg.append(year);
    }
    if (i === 0 || i === points.length - 1) {
      const val = document.createElementNS(NS, 'text');
      // The first and last values sit over the end bars, aligned inwards so neither is cut at the edge.
      const first = i === 0 && points.length > 1;
      val.setAttribute('x', String(first ? x + 2 : points.length > 1 ? x + bw - 2 : x + bw / 2));
      val.setAttribute('y', String(Math.max(11, h - pad.b - bh - 3)));
      val.setAttribute('text-anchor', first ? 'start' : points.length > 1 ? 'end' : 'middle');
      val.setAttribute('class', 'value');
      val.textContent = options.percent ? formatPercent(p.value) : formatNumber(p.value);
      svg.append(val);
    }
  });
  return svg;
}
