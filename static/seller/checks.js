// The server's field rules (sell.http.Fields, CatalogService), checked before a request is sent:
// each check answers { value } to send, or { error } in the server's own words.
export const MAX_PRICE = 1000000; // CatalogService.MAX_PRICE_CENTS / 100
export const MAX_STOCK = 1000000000;
export const MAX_CATEGORY_TYPE = 1000000;

const CONTROL = /\p{Cc}/u;
const LONE_SURROGATE = /\p{Cs}/u;
// invisible formatting (bidi overrides, zero-width spaces) is refused; the zero-width joiner of emoji is not
const FORMAT = /(?!\u200D)\p{Cf}/u;

export function text(raw, max) {
  const value = String(raw).trim();
  if (!value) return { error: 'must not be blank' };
  if ([...value].length > max) return { error: `must be at most ${max} characters` };
  if (CONTROL.test(value) || LONE_SURROGATE.test(value)) return { error: 'must not contain control characters' };
  if (FORMAT.test(value)) return { error: 'must not contain invisible formatting characters' };
  return { value };
}

/** Empty means "not given": answers { value: null }. */
export function optionalText(raw, max) {
  return String(raw).trim() ? text(raw, max) : { value: null };
}

/** A price typed as 12, 12.5 or 12.50: sent as a JSON number with at most two decimals. */
export function price(raw) {
  const value = String(raw).trim();
  if (!value) return { error: 'is required' };
  if (!/^\d+(\.\d+)?$/.test(value)) return { error: 'must be a number' };
  const [whole, decimals = ''] = value.split('.');
  if (decimals.replace(/0+$/, '').length > 2) return { error: 'must have at most two decimals' };
  // compared in cents, as the server does, so that 1000000.001 can't slip through a float
  const cents = BigInt(whole) * 100n + BigInt((decimals + '00').slice(0, 2));
  if (cents > BigInt(MAX_PRICE) * 100n) return { error: `must be 0..${MAX_PRICE.toFixed(2)}` };
  return { value: Number(cents) / 100 };
}

export function wholeNumber(raw, min, max) {
  const value = String(raw).trim();
  if (!value) return { error: 'is required' };
  if (!/^-?\d+$/.test(value)) return { error: 'must be a whole number' };
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min || n > max) return { error: `must be ${min}..${max}` };
  return { value: n };
}

export const stock = (raw) => wholeNumber(raw, 0, MAX_STOCK);
export const categoryType = (raw) => wholeNumber(raw, 0, MAX_CATEGORY_TYPE);

/** The server's message about a field, with the field's name replaced by its label: "Price must be …". */
export function serverMessage(error, field, label) {
  const message = String(error.message || '');
  return field && message.startsWith(`${field} `) ? `${label} ${message.slice(field.length + 1)}` : message;
}
