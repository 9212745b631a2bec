// The seller console: sign-in, the live order list and the alerts for new orders, the Menu and
// Reports views, and which of them is shown (#orders, #menu, #reports).
import * as api from './api.js';
import { Attention } from './attention.js';
import { Board } from './board.js';
import { Feed } from './feed.js';
import { MenuView } from './menu.js';
import { OrderModal } from './modal.js';
import { ReportsView } from './report.js';
import { TokenRotation } from './rotate.js';
import { phrase, Speech } from './speech.js';
import { Today } from './today.js';
import { hideSignin, showSignin, wireSignin } from './signin.js';

const $ = (selector) => document.querySelector(selector);
// orders arriving this close together (a burst, a replay after reconnecting) share one chime and one notification
const QUIET_MS = 1500;
const NOTIFY_MS = 400;
// if the socket can't say hello, show the list anyway
const LIST_FALLBACK_MS = 4000;
const CONNECTION = {
  connecting: ['reconnecting', 'Connecting…'],
  live: ['live', 'Live'],
  reconnecting: ['reconnecting', 'Reconnecting…'],
  offline: ['offline', 'Offline'],
};

const unseen = new Map(); // orderId → order: announced, not yet acknowledged
const announced = new Set(); // so a replay or a reload never announces an order twice
const waiting = new Set(); // orderIds whose buyer reminded the seller, marked until the seller opens them
let newest = 0; // createTime (ms) of the newest order seen: after a reset, NEW orders past it were missed
let lastChime = -Infinity;
let toNotify = [];
const toNotifyWaiting = new Set();
const toSay = new Set(); // orderIds to read out: decided as they arrive, so turning the voice off silences what comes after
let notifyTimer = null;
let fallbackTimer = null;
let signedIn = false;

const attention = new Attention({ banner: $('#sound-banner'), enableButton: $('#enable-sound'), notifyButton: $('#notify') });
const board = new Board({
  list: $('#orders'), empty: $('#orders-empty'), more: $('#load-more'), error: $('#list-error'),
  filters: [...document.querySelectorAll('[data-filter]')],
  marksOf: (id) => ({ unseen: unseen.has(id), waiting: waiting.has(id) }), onOpen: openOrder, onLoaded: remember,
});
const modal = new OrderModal({
  dialog: $('#order-modal'), onAck: acknowledge, onChanged: applyOrder, shopName: () => $('#shop-name').textContent,
});
const today = new Today($('#today'));
const speech = new Speech($('#speech'), { onOff: () => toSay.clear() });
const menu = new MenuView($('#menu-view'));
const reports = new ReportsView($('#reports-view'));
const VIEWS = { orders: $('#orders-view'), menu, reports };
new TokenRotation({
  button: $('#rotate'),
  dialog: $('#rotate-dialog'),
  // this console's session ended with the old token: sign in again, as the seller would, with the new one
  signInWith: (token) => {
    signOutLocally('');
    $('#token').value = token;
    $('#signin').requestSubmit();
  },
});
const feed = new Feed({ reload, apply: applyEvent, onState: showConnection, onLost: checkSession });

function remember(orders) {
  for (const order of orders) newest = Math.max(newest, Date.parse(order.createTime) || 0);
}

function applyEvent(msg) {
  if (!msg.order) {
    menu.apply(msg); // a menu change: the list of orders stays as it is
    return;
  }
  applyOrder(msg.order);
  if (msg.type !== 'order.reminded') ordersChanged();
  if (msg.type === 'order.created') announce([msg.order]);
  else if (msg.type === 'order.reminded') remind(msg.order);
}

// the buyer is waiting: as loud as a new order, and the order stays marked until the seller opens it
function remind(order) {
  if (order.orderStatus !== 'NEW') return;
  waiting.add(order.orderId);
  alert([order], true);
}

function applyOrder(order) {
  remember([order]);
  if (order.orderStatus !== 'NEW') waiting.delete(order.orderId);
  board.upsert(order);
  modal.update(order);
  if (!unseen.has(order.orderId)) return;
  unseen.set(order.orderId, order);
  // finished or cancelled, here or in another tab: someone has seen it
  if (order.orderStatus !== 'NEW') {
    acknowledge([order.orderId]);
    modal.forget([order.orderId]);
  }
}

// orders move today's numbers, the report and the menu's stock
function ordersChanged() {
  today.changed();
  reports.ordersChanged();
  menu.ordersChanged();
}

async function reload(initial) {
  const before = newest;
  // events lost to a reset may have changed today's numbers, the menu and the report too
  if (!initial) {
    ordersChanged();
    if (menu.visible) menu.load();
  }
  const page = await board.load();
  if (initial) {
    if (!newest) newest = Date.now();
    return;
  }
  if (!page) return;
  // events lost to a reset can't be replayed: announce the NEW orders that are newer than anything we had
  const candidates = board.filter === 'NEW' || board.filter === 'all' ? page : (await api.listOrders('NEW')).orders;
  announce(candidates.filter((o) => o.orderStatus === 'NEW' && (Date.parse(o.createTime) || 0) > before).reverse());
}

function announce(orders) {
  const fresh = orders.filter((o) => !announced.has(o.orderId));
  if (!fresh.length) return;
  for (const order of fresh) announced.add(order.orderId);
  alert(fresh, false);
}

// the modal, the chime, the title count and (when the tab is hidden) a desktop notification
function alert(orders, areWaiting) {
  for (const order of orders) {
    unseen.set(order.orderId, order);
    board.refreshMarks(order.orderId);
    if (areWaiting) toNotifyWaiting.add(order.orderId);
    if (speech.on) toSay.add(order.orderId);
  }
  attention.count(unseen.size);
  // the modal is one for all: later orders join the open one
  modal.announce(orders, areWaiting);
  // a burst of new orders shares one chime; a waiting buyer always rings
  const now = performance.now();
  if (areWaiting || now - lastChime > QUIET_MS) attention.play();
  lastChime = now;
  toNotify.push(...orders);
  clearTimeout(notifyTimer);
  notifyTimer = setTimeout(notify, NOTIFY_MS);
}

function notify() {
  const orders = toNotify.filter((o) => unseen.has(o.orderId)).map((o) => unseen.get(o.orderId));
  toNotify = [];
  const waitingNow = new Set(toNotifyWaiting);
  const voiced = orders.filter((o) => toSay.has(o.orderId));
  toNotifyWaiting.clear();
  toSay.clear();
  if (!orders.length) return;
  attention.notify(orders, waitingNow);
  const text = phrase(voiced, waitingNow);
  if (!text) return;
  attention.afterChime(() => {
    if (signedIn) speech.say(text);
  });
}

function showView(name) {
  const chosen = VIEWS[name] ? name : 'orders';
  for (const link of document.querySelectorAll('[data-view]')) {
    if (link.dataset.view === chosen) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  VIEWS.orders.hidden = chosen !== 'orders';
  for (const view of [menu, reports]) {
    if (VIEWS[chosen] === view) view.show();
    else view.hide();
  }
}

const viewOfHash = () => location.hash.slice(1);

function acknowledge(ids) {
  for (const id of ids) {
    unseen.delete(id);
    board.refreshMarks(id);
  }
  attention.count(unseen.size);
}

function openOrder(orderId) {
  const order = board.get(orderId);
  if (!order) return;
  if (waiting.delete(orderId)) board.refreshMarks(orderId);
  if (unseen.has(orderId)) {
    acknowledge([orderId]);
    modal.forget([orderId]);
  }
  modal.showDetail(order);
}

function showConnection(state) {
  const [name, text] = CONNECTION[state] || CONNECTION.reconnecting;
  const indicator = $('#connection');
  indicator.dataset.state = name;
  indicator.querySelector('.label').textContent = text;
}

// a socket refused before its hello, or closed for policy (1008: signed out, expired, token rotated),
// may mean the session ended: then the sign-in form, not reconnecting forever
function checkSession(greeted, code) {
  if ((greeted && code !== 1008) || !signedIn) return;
  api.session().catch((error) => {
    if (error.status === 401) signOutLocally('Your session has ended. Please sign in again.');
  });
}

function enter(shop) {
  signedIn = true;
  hideSignin(shop);
  attention.begin();
  attention.count(0);
  today.show();
  showView(viewOfHash());
  feed.start();
  fallbackTimer = setTimeout(() => {
    if (!feed.synced && !feed.syncing) board.load().catch(() => {});
  }, LIST_FALLBACK_MS);
}

function signOutLocally(message) {
  if (signedIn) {
    signedIn = false;
    feed.stop();
    clearTimeout(fallbackTimer);
    clearTimeout(notifyTimer);
    toNotify = [];
    toSay.clear();
    lastChime = -Infinity;
    unseen.clear();
    announced.clear();
    waiting.clear();
    newest = 0;
    board.clear();
    modal.reset();
    attention.end();
    speech.stop();
    today.hide();
    menu.clear();
    reports.clear();
  }
  showSignin(message);
}

async function signOut() {
  $('#signout').disabled = true;
  try {
    await api.signOut();
  } catch {
    // signed out here either way; the cookie expires on its own
  } finally {
    $('#signout').disabled = false;
    signOutLocally('');
  }
}

api.onSessionEnded(() => signOutLocally('Your session has ended. Please sign in again.'));
wireSignin(enter);
$('#signout').addEventListener('click', signOut);
window.addEventListener('hashchange', () => {
  if (signedIn) showView(viewOfHash());
});

// the server sends a sign-in link with a wrong token here
const linkFailed = location.hash === '#signin-failed';
if (linkFailed) history.replaceState(null, '', location.pathname + location.search);
api.session().then(enter, (error) => {
  if (linkFailed) showSignin('The token in that link was not accepted. Paste the seller token instead.');
  else showSignin(error.status === 401 ? '' : error.message);
});
