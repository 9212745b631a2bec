// "Rotate token": the shop gets a new seller token, shown here once. The old one stops working at
// once, and every console signed in with it (this one too) must sign in again with the new one.
import * as api from './api.js';

export class TokenRotation {
  /** signInWith(token): signs this console in again with the new token. */
  constructor({ button, dialog, signInWith }) {
    this.dialog = dialog;
    this.signInWith = signInWith;
    this.ask = dialog.querySelector('.rotate-ask');
    this.done = dialog.querySelector('.rotate-done');
    this.error = dialog.querySelector('#rotate-error');
    this.tokenField = dialog.querySelector('#new-token');
    this.confirm = dialog.querySelector('#rotate-confirm');
    this.copied = dialog.querySelector('#token-copied');
    button.addEventListener('click', () => this.open());
    dialog.querySelector('#rotate-cancel').addEventListener('click', () => this.close());
    this.confirm.addEventListener('click', () => this.rotate());
    dialog.querySelector('#copy-token').addEventListener('click', () => this.copy());
    dialog.querySelector('#use-token').addEventListener('click', () => {
      const token = this.tokenField.value;
      this.close();
      this.signInWith(token);
    });
    dialog.addEventListener('cancel', (event) => {
      // the new token is shown once: leaving it takes a deliberate click
      if (!this.done.hidden) event.preventDefault();
    });
  }

  open() {
    this.ask.hidden = false;
    this.done.hidden = true;
    this.error.hidden = true;
    this.tokenField.value = '';
    this.copied.textContent = '';
    if (!this.dialog.open) this.dialog.showModal();
    this.dialog.querySelector('#rotate-cancel').focus();
  }

  close() {
    this.tokenField.value = '';
    if (this.dialog.open) this.dialog.close();
  }

  async rotate() {
    this.confirm.disabled = true;
    this.error.hidden = true;
    try {
      const { token } = await api.rotateToken();
      this.tokenField.value = token;
      this.ask.hidden = true;
      this.done.hidden = false;
      this.tokenField.focus();
      this.tokenField.select();
    } catch (error) {
      this.error.textContent = error.message;
      this.error.hidden = false;
    } finally {
      this.confirm.disabled = false;
    }
  }

  async copy() {
    this.tokenField.select();
    try {
      await navigator.clipboard.writeText(this.tokenField.value);
      this.copied.textContent = 'Copied.';
    } catch {
      // a page over plain http has no clipboard API: the token is selected for Ctrl+C
      this.copied.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  }
}
