// DOM builders and formatting. Order data only ever becomes text nodes or attribute values.

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'data') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function money(amount) {
  const n = Number(amount);
  return Number.isFinite(n) ? n.toFixed(2) : '—';
}

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const day = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

const parse = (iso) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
};

/** A short reference that staff can call out (the ticket, the voice, the list): the order id's last four digits that change from order to order. */
export function shortRef(orderId) {
  const id = String(orderId);
  // ids are the millisecond, then the instance and a count (sell.order.OrderIds): the millisecond's digits vary most
  return /^\d{19}$/.test(id) ? id.slice(9, 13) : id.slice(-4);
}

export function fullTime(iso) {
  const date = parse(iso);
  return date ? full.format(date) : '';
}

/** Local time, short: "14:05" today, "Nov 25 14:05" otherwise. */
export function shortTime(iso) {
  const date = parse(iso);
  if (!date) return [];
  const time = el('span', { class: 'clock' }, clock.format(date));
  return date.toDateString() === new Date().toDateString() ? [time] : [el('span', { class: 'day' }, day.format(date)), ' ', time];
}

export function timeEl(iso, format = shortTime) {
  return el('time', { datetime: iso, title: fullTime(iso) }, format(iso));
}

export function itemsSummary(items) {
  return (items || []).map((item) => `${item.productQuantity}× ${item.productName}`).join(', ');
}

const STATUS = { NEW: 'New', FINISHED: 'Finished', CANCELLED: 'Cancelled' };
const PAY = { WAIT: 'Unpaid', SUCCESS: 'Paid' };

export function statusBadge(order) {
  return el('span', { class: 'badge status', data: { status: order.orderStatus } },
    STATUS[order.orderStatus] || order.orderStatus);
}

export function paidBadge(order) {
  return el('span', { class: 'badge paid', data: { paid: order.payStatus } }, PAY[order.payStatus] || order.payStatus);
}

export function statusName(status) {
  return (STATUS[status] || status).toLowerCase();
}

/** One row of the order list. */
/** One row of the list; marks.unseen: announced and not acknowledged; marks.waiting: the buyer reminded, not opened since. */
export function orderRow(order, marks = {}) {
  return el('li', {
    class: ['order', marks.unseen && 'unseen', marks.waiting && 'waiting'].filter(Boolean).join(' '),
    tabindex: 0,
    'aria-label': `Order from ${order.buyerName}, ${money(order.orderAmount)}`,
    data: { orderId: order.orderId, status: order.orderStatus, paid: order.payStatus },
  },
  el('span', { class: 'when' }, timeEl(order.createTime), el('span', { class: 'ref', title: order.orderId }, `#${shortRef(order.orderId)}`)),
  el('span', { class: 'buyer' },
    el('span', { class: 'buyer-name' }, order.buyerName),
    el('span', { class: 'buyer-phone' }, order.buyerPhone),
    el('span', { class: 'buyer-address' }, order.buyerAddress)),
  el('span', { class: 'items' }, itemsSummary(order.items)),
  el('span', { class: 'amount' }, money(order.orderAmount)),
  el('span', { class: 'badges' }, marks.waiting && waitingBadge(), statusBadge(order), paidBadge(order)));
}

function waitingBadge() {
  return el('span', { class: 'badge waiting', title: 'The buyer is waiting and reminded you' }, 'Waiting');
}

/** One order inside the new-orders modal. */
export function alertEntry(order, waiting) {
  return el('li', { class: waiting ? 'new-order waiting' : 'new-order', data: { orderId: order.orderId } },
    el('button', { type: 'button', class: 'new-order-open', title: 'Open this order' },
      el('span', { class: 'new-order-head' },
        waiting && waitingBadge(),
        el('span', { class: 'ref' }, `#${shortRef(order.orderId)}`),
        el('span', { class: 'buyer-name' }, order.buyerName),
        order.orderStatus !== 'NEW' && statusBadge(order),
        el('span', { class: 'amount' }, money(order.orderAmount))),
      el('span', { class: 'items' }, itemsSummary(order.items)),
      el('span', { class: 'new-order-meta' },
        timeEl(order.createTime), ' · ', order.buyerPhone, ' · ', order.buyerAddress),
      el('span', { class: 'order-id' }, order.orderId)));
}

/** The body of the order detail: buyer, times, items with line amounts, total. */
export function orderDetail(order) {
  const rows = (order.items || []).map((item) => el('tr', {},
    el('td', {}, item.productName),
    el('td', { class: 'num' }, money(item.productPrice)),
    el('td', { class: 'num' }, `× ${item.productQuantity}`),
    el('td', { class: 'num' }, money(Math.round(Number(item.productPrice) * 100) * Number(item.productQuantity) / 100))));
  return [
    el('p', { class: 'badges' }, statusBadge(order), paidBadge(order)),
    el('dl', { class: 'facts' },
      fact('Buyer', order.buyerName),
      fact('Phone', order.buyerPhone),
      fact('Address', order.buyerAddress),
      fact('Openid', order.buyerOpenid),
      fact('Placed', timeEl(order.createTime, fullTime)),
      fact('Updated', timeEl(order.updateTime, fullTime))),
    el('table', { class: 'lines' },
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col' }, 'Item'), el('th', { scope: 'col', class: 'num' }, 'Price'),
        el('th', { scope: 'col', class: 'num' }, 'Qty'), el('th', { scope: 'col', class: 'num' }, 'Amount'))),
      el('tbody', {}, rows),
      el('tfoot', {}, el('tr', {},
        el('th', { scope: 'row', colspan: 3 }, 'Total'),
        el('td', { class: 'num total' }, money(order.orderAmount))))),
  ];
}

function fact(label, value) {
  return el('div', {}, el('dt', {}, label), el('dd', {}, value));
}
