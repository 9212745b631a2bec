// Spoken announcements: after the chime, the browser's own voice says what came in ("New order,
// 26 yuan", "Order 1234 is waiting") in the console's language. Nothing is fetched from another
// host. A toggle turns it off; the choice is kept in this browser.
import { shortRef } from './view.js';

const KEY = 'sell.speech';
const CURRENCY = 'yuan';

function cents(amount) {
  return Math.round(Number(amount) * 100) || 0;
}

/** 2600 → "26 yuan", 2650 → "26.50 yuan". */
export function spokenAmount(total) {
  const units = total / 100;
  return `${total % 100 === 0 ? String(units) : units.toFixed(2)} ${CURRENCY}`;
}

/** What to say for a batch of orders; waiting: the ids whose buyer reminded the seller. */
export function phrase(orders, waiting = new Set()) {
  const fresh = orders.filter((o) => !waiting.has(o.orderId));
  const reminded = orders.filter((o) => waiting.has(o.orderId));
  const parts = [];
  if (fresh.length) {
    const total = spokenAmount(fresh.reduce((sum, o) => sum + cents(o.orderAmount), 0));
    parts.push(fresh.length === 1 ? `New order, ${total}` : `${fresh.length} new orders, ${total}`);
  }
  if (reminded.length === 1) parts.push(`Order ${shortRef(reminded[0].orderId)} is waiting`);
  else if (reminded.length) parts.push(`${reminded.length} orders are waiting`);
  return parts.join('. ');
}

export class Speech {
  /** onOff: called when the seller turns the voice off, to drop what was about to be said. */
  constructor(toggle, { onOff = () => {} } = {}) {
    this.toggle = toggle;
    this.onOff = onOff;
    this.available = 'speechSynthesis' in window && typeof SpeechSynthesisUtterance === 'function';
    toggle.hidden = !this.available;
    toggle.addEventListener('click', () => {
      this.keep(!this.on);
      this.render();
    });
    this.render();
  }

  get on() {
    try {
      return localStorage.getItem(KEY) !== 'off';
    } catch {
      return true;
    }
  }

  keep(on) {
    try {
      localStorage.setItem(KEY, on ? 'on' : 'off');
    } catch {
      // kept for this page only
    }
    if (!on) {
      this.onOff();
      this.stop();
    }
  }

  render() {
    const on = this.on;
    this.toggle.setAttribute('aria-pressed', String(on));
    this.toggle.textContent = on ? 'Voice on' : 'Voice off';
    this.toggle.title = on ? 'New orders are read out after the chime. Click to turn this off.'
      : 'Click to have new orders read out after the chime.';
  }

  /** Says text now; whether to is decided as orders arrive (on). */
  say(text) {
    if (!this.available || !text) return;
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = document.documentElement.lang || 'en';
    window.speechSynthesis.speak(utterance);
  }

  stop() {
    if (this.available) window.speechSynthesis.cancel();
  }
}
