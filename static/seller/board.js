// The order list of the current filter: newest first, keyset paging, live updates in place.
import * as api from './api.js';
import { orderRow } from './view.js';

const time = (iso) => Date.parse(iso) || 0;

/** True when b is an older snapshot of the same order than a (a REST answer may be newer than an event). */
export const olderThan = (b, a) => time(b.updateTime) < time(a.updateTime);

export class Board {
  constructor({ list, empty, more, error, filters, marksOf, onOpen, onLoaded }) {
    Object.assign(this, { list, empty, more, error, filters, marksOf, onLoaded });
    this.filter = 'NEW';
    this.orders = [];
    this.rows = new Map();
    this.next = null;
    this.generation = 0;
    this.loading = 0;
    this.recent = new Map();
    list.addEventListener('click', (event) => {
      const row = event.target.closest('li.order');
      if (row) onOpen(row.dataset.orderId);
    });
    list.addEventListener('keydown', (event) => {
      if ((event.key === 'Enter' || event.key === ' ') && event.target.matches('li.order')) {
        event.preventDefault();
        onOpen(event.target.dataset.orderId);
      }
    });
    more.addEventListener('click', () => this.loadMore().catch(() => {}));
    for (const button of filters) {
      button.addEventListener('click', () => this.setFilter(button.dataset.filter));
    }
  }

  get(orderId) {
    return this.orders.find((order) => order.orderId === orderId) || null;
  }

  matches(order) {
    return this.filter === 'all' || order.orderStatus === this.filter;
  }

  setFilter(filter) {
    this.pressFilter(filter);
    return this.load().catch(() => {});
  }

  pressFilter(filter) {
    this.filter = filter;
    for (const button of this.filters) button.setAttribute('aria-pressed', String(button.dataset.filter === filter));
  }

  /** Replaces the list with the first page of the current filter; resolves with that page's orders. */
  load() {
    const generation = ++this.generation;
    return this.fetch(null, generation, (page) => {
      this.orders = [];
      this.rows.clear();
      this.list.replaceChildren();
      this.merge(page);
      return page.orders;
    });
  }

  async loadMore() {
    if (!this.next) return;
    this.more.disabled = true;
    this.more.textContent = 'Loading…';
    try {
      await this.fetch(this.next, this.generation, (page) => this.merge(page));
    } finally {
      this.more.disabled = false;
      this.more.textContent = 'Load more';
    }
  }

  /** Fetches one page and hands it to use(), unless the filter changed meanwhile (then resolves null). */
  async fetch(before, generation, use) {
    this.loading += 1;
    this.list.setAttribute('aria-busy', 'true');
    try {
      const page = await api.listOrders(this.filter, before);
      if (generation !== this.generation) return null;
      this.error.hidden = true;
      return use(page);
    } catch (error) {
      if (generation === this.generation && error.status !== 401) {
        this.error.textContent = `Could not load orders: ${error.message}`;
        this.error.hidden = false;
      }
      throw error;
    } finally {
      this.loading -= 1;
      if (this.loading === 0) {
        this.list.removeAttribute('aria-busy');
        this.recent.clear();
      }
    }
  }

  /** Adds a page; then re-applies changes that arrived while it was in flight, as the page may predate them. */
  merge(page) {
    this.next = page.next || null;
    for (const order of page.orders || []) {
      if (this.rows.has(order.orderId)) {
        this.upsert(order);
      } else if (this.matches(order)) {
        this.orders.push(order);
        this.rows.set(order.orderId, this.list.appendChild(orderRow(order, this.marksOf(order.orderId))));
      }
    }
    for (const order of this.recent.values()) this.upsert(order);
    this.onLoaded(page.orders || []);
    this.showState();
  }

  /** Applies a snapshot of an order: updates its row, removes it if it left the filter, or inserts it. */
  upsert(order) {
    if (this.loading > 0) {
      const known = this.recent.get(order.orderId);
      if (!known || !olderThan(order, known)) this.recent.set(order.orderId, order);
    }
    const index = this.orders.findIndex((o) => o.orderId === order.orderId);
    if (index >= 0) {
      if (olderThan(order, this.orders[index])) return;
      if (!this.matches(order)) {
        this.remove(order.orderId);
        return;
      }
      this.orders[index] = order;
      const row = orderRow(order, this.marksOf(order.orderId));
      this.rows.get(order.orderId).replaceWith(row);
      this.rows.set(order.orderId, row);
    } else if (this.matches(order) && this.inLoadedRange(order)) {
      this.insert(order);
    }
    this.showState();
  }

  // an order older than the last row belongs to a page not loaded yet; "Load more" brings it
  inLoadedRange(order) {
    const last = this.orders[this.orders.length - 1];
    return !this.next || !last || time(order.createTime) >= time(last.createTime);
  }

  insert(order) {
    let index = this.orders.findIndex((o) => time(o.createTime) < time(order.createTime));
    if (index < 0) index = this.orders.length;
    const row = orderRow(order, this.marksOf(order.orderId));
    this.list.insertBefore(row, this.rows.get(this.orders[index]?.orderId) || null);
    this.orders.splice(index, 0, order);
    this.rows.set(order.orderId, row);
  }

  remove(orderId) {
    this.orders = this.orders.filter((o) => o.orderId !== orderId);
    this.rows.get(orderId)?.remove();
    this.rows.delete(orderId);
    this.showState();
  }

  /** Shows the order's marks (unseen, waiting) as they are now. */
  refreshMarks(orderId) {
    const index = this.orders.findIndex((o) => o.orderId === orderId);
    if (index < 0) return;
    const row = orderRow(this.orders[index], this.marksOf(orderId));
    this.rows.get(orderId).replaceWith(row);
    this.rows.set(orderId, row);
  }

  clear() {
    this.generation += 1;
    this.orders = [];
    this.rows.clear();
    this.next = null;
    this.list.replaceChildren();
    this.error.hidden = true;
    this.empty.hidden = true;
    this.more.hidden = true;
    this.pressFilter('NEW');
  }

  showState() {
    this.empty.hidden = this.orders.length > 0;
    this.more.hidden = !this.next;
  }
}
