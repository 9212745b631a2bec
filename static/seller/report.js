// The Reports view: any range of days (the last 30 at first) in the shop's time zone: totals, the
// daily chart, the top products, every day as a table, and the CSV export of the same range.
// While it is shown, order events read it again, so today's bar grows as orders come in.
import * as api from './api.js';
import { dailyChart } from './chart.js';
import { Soon } from './soon.js';
import { el, money } from './view.js';

const REFRESH_MS = 1000;
const MAX_DAYS = 366;
const DAY_MS = 86400000;

const isDate = (text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));
const daysBetween = (from, to) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
const shift = (date, days) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

export class ReportsView {
  constructor(root) {
    this.root = root;
    this.form = root.querySelector('#report-range');
    this.from = this.form.elements.from;
    this.to = this.form.elements.to;
    this.error = root.querySelector('#report-error');
    this.exportLink = root.querySelector('#export-csv');
    this.range = null; // {from, to} shown; null: the last 30 days up to today
    this.today = null; // the shop's today, as the last report said
    this.generation = 0;
    this.reread = new Soon(REFRESH_MS, () => {
      if (this.visible) this.load();
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.choose();
    });
    for (const button of root.querySelectorAll('[data-last-days]')) {
      button.addEventListener('click', () => this.last(Number(button.dataset.lastDays)));
    }
  }

  get visible() {
    return !this.root.hidden;
  }

  show() {
    this.root.hidden = false;
    return this.load();
  }

  hide() {
    this.root.hidden = true;
  }

  clear() {
    this.generation += 1;
    this.reread.cancel();
    this.range = null;
    this.hide();
  }

  /** An order changed: read the report again soon, if it reaches today. */
  ordersChanged() {
    if (this.visible && !(this.range && this.today && this.range.to < this.today)) this.reread.request();
  }

  last(days) {
    if (!this.today) {
      this.range = null;
    } else {
      this.range = { from: shift(this.today, 1 - days), to: this.today };
    }
    return this.load();
  }

  /** The range typed in the form, checked as the server checks it. */
  choose() {
    const from = this.from.value;
    const to = this.to.value;
    let problem = null;
    if (!isDate(from)) problem = [this.from, 'From must be a date'];
    else if (!isDate(to)) problem = [this.to, 'To must be a date'];
    else if (to < from) problem = [this.to, 'To must not be before From'];
    else if (daysBetween(from, to) + 1 > MAX_DAYS) problem = [this.to, `A report covers at most ${MAX_DAYS} days`];
    this.fieldError(problem);
    if (problem) {
      problem[0].focus();
      return Promise.resolve();
    }
    this.range = { from, to };
    return this.load();
  }

  fieldError(problem) {
    for (const input of [this.from, this.to]) {
      const message = problem && problem[0] === input ? problem[1] : '';
      document.getElementById(`${input.id}-error`).textContent = message;
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }

  async load() {
    const generation = ++this.generation;
    this.root.setAttribute('aria-busy', 'true');
    try {
      const report = await api.report(this.range?.from, this.range?.to);
      if (generation !== this.generation) return;
      if (!this.range) this.today = report.to;
      this.error.hidden = true;
      this.render(report);
    } catch (error) {
      if (generation !== this.generation || error.status === 401) return;
      const input = error.field === 'from' ? this.from : error.field === 'to' ? this.to : null;
      if (input) this.fieldError([input, error.message]);
      else {
        this.error.textContent = `Could not load the report: ${error.message}`;
        this.error.hidden = false;
      }
    } finally {
      if (generation === this.generation) this.root.removeAttribute('aria-busy');
    }
  }

  render(report) {
    this.from.value = report.from;
    this.to.value = report.to;
    this.root.dataset.from = report.from;
    this.root.dataset.to = report.to;
    this.exportLink.href = api.ordersCsvUrl(report.from, report.to);
    this.root.querySelector('#report-zone').textContent = report.timeZone;
    const totals = report.totals;
    this.stat('orders', String(totals.orders));
    this.stat('revenue', money(totals.revenue));
    this.stat('cancelled', String(totals.cancelled));
    this.stat('average', money(totals.averageOrder));
    this.root.querySelector('#report-chart').replaceChildren(dailyChart(report.days));
    this.root.querySelector('#report-empty').hidden = totals.orders + totals.cancelled > 0;
    this.root.querySelector('#top-products tbody').replaceChildren(...(report.topProducts.length
      ? report.topProducts.map((p, i) => el('tr', {},
        el('td', { class: 'num' }, String(i + 1)), el('td', {}, p.productName),
        el('td', { class: 'num' }, String(p.quantity)), el('td', { class: 'num' }, money(p.revenue))))
      : [el('tr', {}, el('td', { colspan: 4, class: 'empty' }, 'Nothing sold in these days.'))]));
    this.root.querySelector('#report-days tbody').replaceChildren(...[...report.days].reverse().map((d) => el('tr', {},
      el('td', {}, el('time', { datetime: d.date }, d.date)), el('td', { class: 'num' }, String(d.orders)),
      el('td', { class: 'num' }, money(d.revenue)), el('td', { class: 'num' }, String(d.cancelled)))));
  }

  stat(name, text) {
    this.root.querySelector(`[data-report-stat="${name}"]`).textContent = text;
  }
}
