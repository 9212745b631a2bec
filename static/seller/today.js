// The Today panel: today's orders, revenue, cancelled orders and average order, in the shop's
// time zone, as the server's report counts them; read again (at most every half second) after
// each order event, so every tab shows the same numbers the report does.
import * as api from './api.js';
import { Soon } from './soon.js';
import { money } from './view.js';

const REFRESH_MS = 500;

export class Today {
  constructor(panel) {
    this.panel = panel;
    this.reread = new Soon(REFRESH_MS, () => this.refresh());
    this.generation = 0;
  }

  show() {
    this.panel.hidden = false;
    this.refresh();
  }

  hide() {
    this.generation += 1;
    this.reread.cancel();
    this.panel.hidden = true;
  }

  /** An order changed somewhere: read today's numbers again soon (one read for a burst). */
  changed() {
    if (!this.panel.hidden) this.reread.request();
  }

  async refresh() {
    const generation = this.generation;
    try {
      // without dates the report ends today, in the shop's own time zone
      const report = await api.report();
      if (generation !== this.generation) return;
      const today = report.days[report.days.length - 1];
      const average = today.orders ? Math.round(Number(today.revenue) * 100 / today.orders) / 100 : 0;
      this.set('orders', String(today.orders));
      this.set('revenue', money(today.revenue));
      this.set('cancelled', String(today.cancelled));
      this.set('average', money(average));
      this.panel.dataset.date = today.date;
    } catch {
      // the numbers stay as they were; the next event reads them again
    }
  }

  set(name, text) {
    this.panel.querySelector(`[data-stat="${name}"]`).textContent = text;
  }
}
