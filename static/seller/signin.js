// The sign-in form. The token goes to the server once and is kept nowhere: the session is an HttpOnly cookie.
import * as api from './api.js';

const $ = (selector) => document.querySelector(selector);

export function showSignin(message) {
  $('#console').hidden = true;
  $('#tools').hidden = true;
  $('#shop-name').textContent = '';
  $('#signin-view').hidden = false;
  showError(message);
  $('#token').focus();
}

export function hideSignin(shop) {
  $('#shop-name').textContent = shop.shopName || '';
  $('#signin-view').hidden = true;
  $('#console').hidden = false;
  $('#tools').hidden = false;
}

/** Wires the form; onSignedIn(shop) runs after the server accepted the token. */
export function wireSignin(onSignedIn) {
  $('#signin').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $('#token');
    const button = $('#signin button[type="submit"]');
    if (!input.value.trim()) return showError('Enter the seller token.');
    button.disabled = true;
    showError('');
    try {
      const shop = await api.signIn(input.value.trim());
      input.value = '';
      onSignedIn(shop);
    } catch (error) {
      showError(error.status === 401 ? 'That token was not accepted. Check it and try again.' : error.message);
      input.select();
    } finally {
      button.disabled = false;
    }
  });
}

function showError(message) {
  const error = $('#signin-error');
  error.textContent = message || '';
  error.hidden = !message;
}
