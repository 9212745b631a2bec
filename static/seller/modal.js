// The order modal shows either the new orders waiting to be acknowledged, or one order's detail
// with its actions. Only the shown part is in the DOM, so "#order-modal .order-id" means what is on screen.
import * as api from './api.js';
import { olderThan } from './board.js';
import { keepTicketWidth, printTicket, ticketWidth } from './ticket.js';
import { alertEntry, el, orderDetail, shortRef } from './view.js';

const CONFIRM_MS = 5000;
const DONE = { finish: 'Order finished.', cancel: 'Order cancelled.', pay: 'Marked as paid.' };

export class OrderModal {
  constructor({ dialog, onAck, onChanged, shopName }) {
    this.dialog = dialog;
    this.onAck = onAck;
    this.onChanged = onChanged;
    this.alertPane = dialog.querySelector('.alert-pane');
    this.alertTitle = dialog.querySelector('#order-modal-title');
    this.alertList = dialog.querySelector('#new-orders');
    this.detailPane = dialog.querySelector('.detail-pane');
    this.detailBody = dialog.querySelector('#detail-body');
    this.message = dialog.querySelector('#detail-message');
    this.actions = [...dialog.querySelectorAll('[data-action]')];
    this.pending = new Map();
    this.waiting = new Set(); // pending orders whose buyer reminded the seller
    this.detail = null;
    this.busy = false;

    dialog.querySelector('#ack').addEventListener('click', () => this.acknowledge());
    dialog.querySelector('#detail-close').addEventListener('click', () => this.close());
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      if (this.pending.size) this.acknowledge();
      else this.close();
    });
    this.alertList.addEventListener('click', (event) => {
      const entry = event.target.closest('li.new-order');
      if (!entry) return;
      const order = this.pending.get(entry.dataset.orderId);
      this.acknowledge();
      if (order) this.showDetail(order);
    });
    for (const button of this.actions) button.addEventListener('click', () => this.run(button));
    const width = dialog.querySelector('#ticket-width');
    width.value = ticketWidth();
    width.addEventListener('change', () => keepTicketWidth(width.value));
    dialog.querySelector('#print').addEventListener('click', () => {
      if (this.detail) printTicket(this.detail, shopName());
    });
  }

  /** Adds orders to the alert (one modal for all of them) and brings it up; waiting: their buyers reminded the seller. */
  announce(orders, waiting = false) {
    for (const order of orders) {
      this.pending.set(order.orderId, order);
      if (waiting) this.waiting.add(order.orderId);
    }
    this.renderAlerts();
  }

  acknowledge() {
    const ids = [...this.pending.keys()];
    this.pending.clear();
    this.waiting.clear();
    this.onAck(ids);
    this.afterAlerts();
  }

  /** The seller saw these elsewhere (e.g. clicked their rows). */
  forget(ids) {
    let changed = false;
    for (const id of ids) {
      changed = this.pending.delete(id) || changed;
      this.waiting.delete(id);
    }
    if (!changed) return;
    if (this.pending.size) this.renderAlerts();
    else this.afterAlerts();
  }

  // back to the detail the alert interrupted, if any
  afterAlerts() {
    if (this.detail) this.renderDetail();
    else this.close();
  }

  showDetail(order) {
    this.detail = order;
    this.say('');
    this.endConfirm();
    // unacknowledged orders come first; the detail follows their acknowledgement
    if (this.pending.size) this.renderAlerts();
    else this.renderDetail();
    api.getOrder(order.orderId).then((fresh) => this.onChanged(fresh), (error) => {
      if (this.detail?.orderId === order.orderId && error.status !== 401) this.say(error.message, 'error');
    });
  }

  /** A newer snapshot of an order, from any source. */
  update(order) {
    if (this.pending.has(order.orderId)) {
      this.pending.set(order.orderId, order);
      this.renderAlerts();
    }
    if (this.detail?.orderId === order.orderId && !olderThan(order, this.detail)) {
      this.detail = order;
      if (!this.pending.size) this.renderDetail();
    }
  }

  close() {
    this.detail = null;
    this.endConfirm();
    this.alertList.replaceChildren();
    this.detailBody.replaceChildren();
    if (this.dialog.open) this.dialog.close();
  }

  reset() {
    this.pending.clear();
    this.waiting.clear();
    this.close();
  }

  renderAlerts() {
    const count = this.pending.size;
    const waiting = [...this.pending.keys()].filter((id) => this.waiting.has(id));
    if (count === 1) this.alertTitle.textContent = waiting.length ? `Waiting: order ${waiting[0]}` : 'New order';
    else if (!waiting.length) this.alertTitle.textContent = `${count} new orders`;
    else this.alertTitle.textContent = waiting.length === count ? `${count} orders waiting` : `${count} orders need you`;
    this.alertList.replaceChildren(...[...this.pending.values()].reverse()
      .map((order) => alertEntry(order, this.waiting.has(order.orderId))));
    this.detailBody.replaceChildren();
    this.detailPane.hidden = true;
    this.alertPane.hidden = false;
    this.open();
    this.dialog.querySelector('#ack').focus();
  }

  renderDetail() {
    const order = this.detail;
    this.alertList.replaceChildren();
    this.alertPane.hidden = true;
    this.detailBody.replaceChildren(
      el('h2', { id: 'detail-title' }, `Order #${shortRef(order.orderId)} `, el('span', { class: 'order-id' }, order.orderId)),
      ...orderDetail(order));
    const isNew = order.orderStatus === 'NEW';
    this.available('finish', isNew, 'Only a new order can be finished.');
    this.available('cancel', isNew, 'Only a new order can be cancelled.');
    this.available('pay', order.payStatus === 'WAIT' && order.orderStatus !== 'CANCELLED',
      order.payStatus === 'SUCCESS' ? 'Already paid.' : 'A cancelled order cannot be paid.');
    this.detailPane.hidden = false;
    this.open();
  }

  // unavailable actions stay clickable: local state may be stale, and the server explains a refusal
  available(action, yes, why) {
    const button = this.actions.find((b) => b.dataset.action === action);
    button.dataset.available = String(yes);
    if (yes) button.removeAttribute('title');
    else button.title = why;
  }

  open() {
    if (!this.dialog.open) this.dialog.showModal();
  }

  async run(button) {
    const order = this.detail;
    const action = button.dataset.action;
    if (!order || this.busy) return;
    if (action === 'cancel' && !this.confirming) return this.confirmCancel(button);
    this.endConfirm();
    this.busy = true;
    for (const b of this.actions) b.disabled = true;
    this.say('');
    try {
      const updated = await api.act(order.orderId, action);
      this.onChanged(updated);
      if (this.detail?.orderId === order.orderId) this.say(DONE[action], 'ok');
    } catch (error) {
      if (this.detail?.orderId === order.orderId && error.status !== 401) this.say(error.message, 'error');
    } finally {
      this.busy = false;
      for (const b of this.actions) b.disabled = false;
    }
  }

  confirmCancel(button) {
    this.say('');
    this.confirming = button;
    button.textContent = 'Really cancel?';
    button.classList.add('confirming');
    this.confirmTimer = setTimeout(() => this.endConfirm(), CONFIRM_MS);
  }

  endConfirm() {
    clearTimeout(this.confirmTimer);
    if (!this.confirming) return;
    this.confirming.textContent = 'Cancel order';
    this.confirming.classList.remove('confirming');
    this.confirming = null;
  }

  say(text, kind) {
    this.message.textContent = text;
    this.message.hidden = !text;
    if (kind) this.message.dataset.kind = kind;
  }
}
