// The Reports view's chart: revenue and orders per day as two bar panels sharing one time axis,
// drawn as inline SVG (no chart library, nothing from another host: the console works offline).
import { money } from './view.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 720;
const LEFT = 64; // room for the value labels
const RIGHT = 8;
const PANELS = [
  { key: 'revenue', label: 'Revenue', top: 14, height: 130, format: (v) => money(v) },
  { key: 'orders', label: 'Orders', top: 172, height: 64, format: (v) => String(v), whole: true },
];
const AXIS_Y = 252; // the date labels' baseline
const HEIGHT = 262;
const dayLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayLong = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

/** The smallest of 1, 2, 2.5, 5 × 10^k that is at least value (1 for nothing). */
export function niceCeiling(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

const utc = (date) => new Date(`${date}T00:00:00Z`);

/** days: [{date:'YYYY-MM-DD', orders, revenue, cancelled}], one per day, in order. */
export function dailyChart(days) {
  const plotWidth = WIDTH - LEFT - RIGHT;
  const slot = plotWidth / Math.max(days.length, 1);
  const bar = Math.max(slot * 0.72, 1);
  const root = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'daily-chart', role: 'img',
    'aria-label': `Revenue and orders per day, ${days.length} days`,
  });
  const groups = days.map((day, i) => svg('g', {
    class: 'day', 'data-date': day.date, 'data-orders': day.orders, 'data-revenue': day.revenue,
  }, svg('title', {}, `${dayLong.format(utc(day.date))}: ${day.orders} orders, ${money(day.revenue)}`
    + (day.cancelled ? `, ${day.cancelled} cancelled` : ''))));
  for (const panel of PANELS) {
    const values = days.map((day) => Number(day[panel.key]) || 0);
    const top = niceCeiling(Math.max(...values, 0));
    const bottom = panel.top + panel.height;
    root.append(svg('text', { class: 'panel-label', x: LEFT, y: panel.top - 4 }, panel.label));
    // a count is labelled in whole numbers only
    for (const fraction of panel.whole && top % 2 ? [0, 1] : [0, 0.5, 1]) {
      const y = bottom - fraction * panel.height;
      root.append(
        svg('line', { class: fraction ? 'grid' : 'baseline', x1: LEFT, x2: WIDTH - RIGHT, y1: y, y2: y }),
        svg('text', { class: 'tick', x: LEFT - 6, y: y + 4, 'text-anchor': 'end' }, panel.format(top * fraction)));
    }
    values.forEach((value, i) => {
      const height = (value / top) * panel.height;
      groups[i].append(svg('rect', {
        class: `bar ${panel.key}`, x: LEFT + i * slot + (slot - bar) / 2, y: bottom - height, width: bar, height,
      }));
    });
  }
  // the whole column of a day answers the pointer, so a day with nothing still shows its title
  groups.forEach((group, i) => group.prepend(svg('rect', {
    class: 'hit', x: LEFT + i * slot, y: PANELS[0].top, width: slot, height: AXIS_Y - PANELS[0].top - 10,
  })));
  root.append(...groups);
  const every = Math.ceil(days.length / 8);
  days.forEach((day, i) => {
    if (i % every !== 0) return;
    root.append(svg('text', { class: 'tick', x: LEFT + i * slot + slot / 2, y: AXIS_Y, 'text-anchor': 'middle' },
      dayLabel.format(utc(day.date))));
  });
  return root;
}
