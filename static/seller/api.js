// Same-origin JSON calls to the seller API. The session cookie rides along; any 401 means it ended.
const BASE = '/sell/api/seller';

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

let sessionEnded = () => {};

/** Called whenever the server answers 401 outside the sign-in calls themselves. */
export function onSessionEnded(handler) {
  sessionEnded = handler;
}

async function call(method, path, body, { signIn = false } = {}) {
  const init = { method, credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(BASE + path, init);
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the server. Check the connection and try again.');
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (response.ok) return data;
  const error = (data && data.error) || {};
  const failure = new ApiError(response.status, error.code || `http_${response.status}`,
    error.message || `The server answered ${response.status}.`, error.field);
  if (response.status === 401 && !signIn) sessionEnded(failure);
  throw failure;
}

export const session = () => call('GET', '/session', undefined, { signIn: true });
export const signIn = (token) => call('POST', '/session', { token }, { signIn: true });
export const signOut = () => call('DELETE', '/session', undefined, { signIn: true });

export function listOrders(status, before, limit = 20) {
  const query = new URLSearchParams({ status, limit: String(limit) });
  if (before) query.set('before', before);
  return call('GET', `/orders?${query}`);
}

/** The report of the days from..to (YYYY-MM-DD, the shop's zone); without them, the last 30 days up to today. */
export function report(from, to) {
  const query = new URLSearchParams();
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  return call('GET', `/report${query.size ? `?${query}` : ''}`);
}

/** The address of the CSV export of from..to: a plain link, so that the browser streams it to a file. */
export function ordersCsvUrl(from, to) {
  return `${BASE}/orders.csv?${new URLSearchParams({ from, to })}`;
}

export const products = () => call('GET', '/products');
export const categories = () => call('GET', '/categories');
export const addProduct = (product) => call('POST', '/products', product);
/** change holds only the fields to change; answers the product as it is now. */
export const changeProduct = (productId, change) => call('PUT', `/products/${encodeURIComponent(productId)}`, change);
export const addCategory = (category) => call('POST', '/categories', category);
export const renameCategory = (categoryType, categoryName) => call('PUT', `/categories/${categoryType}`, { categoryName });

/** A new seller token for the shop, answered once; every session (this one too) ends with the old one. */
export const rotateToken = () => call('POST', '/token');

export const getOrder = (orderId) => call('GET', `/orders/${encodeURIComponent(orderId)}`);

/** action is finish, cancel or pay; answers the updated order or throws (409 when refused). */
export const act = (orderId, action) => call('POST', `/orders/${encodeURIComponent(orderId)}/${action}`);
