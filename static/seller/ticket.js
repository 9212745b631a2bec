// The kitchen ticket: one order, large, for a 58 mm or 80 mm receipt printer. It is built into
// #ticket, which the print stylesheet prints alone; the page is sized to the ticket, so a roll
// printer cuts right after it.
import { el, fullTime, money, shortRef } from './view.js';

const WIDTH_KEY = 'sell.ticketWidth';
export const WIDTHS = ['80', '58'];
const MM_PER_PX = 25.4 / 96;
let pageSheet = null; // the printed page's size, set per ticket

export function ticketWidth() {
  try {
    const kept = localStorage.getItem(WIDTH_KEY);
    return WIDTHS.includes(kept) ? kept : WIDTHS[0];
  } catch {
    return WIDTHS[0];
  }
}

export function keepTicketWidth(width) {
  try {
    if (WIDTHS.includes(width)) localStorage.setItem(WIDTH_KEY, width);
  } catch {
    // a browser that keeps nothing prints 80 mm
  }
}

const STATUS = { NEW: null, FINISHED: 'FINISHED', CANCELLED: 'CANCELLED — DO NOT MAKE' };

function ticketBody(order, shopName) {
  const paid = order.payStatus === 'SUCCESS';
  return [
    el('p', { class: 't-shop' }, shopName),
    el('p', { class: 't-ref' }, `#${shortRef(order.orderId)}`),
    STATUS[order.orderStatus] && el('p', { class: 't-status' }, STATUS[order.orderStatus]),
    el('p', { class: 't-time' }, fullTime(order.createTime)),
    el('p', { class: 't-id' }, `Order ${order.orderId}`),
    el('table', { class: 't-items' }, el('tbody', {}, (order.items || []).map((item) => el('tr', {},
      el('td', { class: 't-qty' }, `${item.productQuantity}×`),
      el('td', { class: 't-name' }, item.productName),
      el('td', { class: 't-line' }, money(Math.round(Number(item.productPrice) * 100) * Number(item.productQuantity) / 100)))))),
    el('p', { class: 't-total' }, el('span', {}, 'Total'), el('span', {}, money(order.orderAmount))),
    el('p', { class: paid ? 't-paid' : 't-paid unpaid' }, paid ? 'PAID' : 'NOT PAID'),
    el('div', { class: 't-buyer' },
      el('p', { class: 't-buyer-name' }, order.buyerName),
      el('p', { class: 't-phone' }, order.buyerPhone),
      el('p', { class: 't-address' }, order.buyerAddress)),
  ];
}

/** Fills #ticket with the order and sizes the printed page to it; answers the page size in mm. */
export function prepareTicket(order, shopName, width = ticketWidth()) {
  const ticket = document.getElementById('ticket');
  ticket.dataset.width = width;
  ticket.dataset.orderId = order.orderId;
  ticket.replaceChildren(...ticketBody(order, shopName).filter(Boolean));
  // measured as it will print: laid out off screen at the paper's width
  ticket.classList.add('measuring');
  const height = Math.ceil(ticket.getBoundingClientRect().height * MM_PER_PX) + 2;
  ticket.classList.remove('measuring');
  // a constructed sheet: the console's policy allows no inline <style>
  if (!pageSheet) {
    pageSheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageSheet];
  }
  pageSheet.replaceSync(`@page { size: ${width}mm ${height}mm; margin: 0; }`);
  return { width: Number(width), height };
}

export function printTicket(order, shopName) {
  prepareTicket(order, shopName);
  window.print();
}
