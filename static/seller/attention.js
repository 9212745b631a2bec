// Getting the seller's attention: the chime, desktop notifications, the tab title, the enable-sound banner.
import { itemsSummary, money } from './view.js';

const TITLE = 'Orders — sell';
// longer than the chime: a chime that never reports its end doesn't hold the voice back for long
const CHIME_MAX_MS = 3000;

export class Attention {
  constructor({ banner, enableButton, notifyButton }) {
    Object.assign(this, { banner, notifyButton });
    this.ding = new Audio(new URL('ding.wav', import.meta.url).href);
    this.ding.preload = 'auto';
    this.active = false;
    this.unlock = () => {
      this.unlocked = true;
      document.removeEventListener('click', this.unlock, true);
      document.removeEventListener('keydown', this.unlock, true);
      this.refresh();
    };
    this.lock();
    enableButton.addEventListener('click', () => {
      this.play();
      this.askForNotifications();
    });
    notifyButton.addEventListener('click', () => this.askForNotifications());
  }

  // browsers allow sound once the page has had a click or key press
  lock() {
    this.unlocked = false;
    document.addEventListener('click', this.unlock, true);
    document.addEventListener('keydown', this.unlock, true);
    this.refresh();
  }

  begin() {
    this.active = true;
    this.refresh();
  }

  end() {
    this.active = false;
    this.count(0);
    this.refresh();
  }

  refresh() {
    this.banner.hidden = !this.active || this.unlocked;
    this.notifyButton.hidden = !this.active || !('Notification' in window) || Notification.permission !== 'default';
  }

  askForNotifications() {
    if (!('Notification' in window) || Notification.permission !== 'default') return;
    Promise.resolve(Notification.requestPermission()).catch(() => {}).then(() => this.refresh());
  }

  count(unseen) {
    document.title = unseen > 0 ? `(${unseen}) New orders — sell` : TITLE;
  }

  play() {
    this.ding.currentTime = 0;
    const playing = this.ding.play();
    if (playing) {
      playing.catch((error) => {
        if (error.name === 'NotAllowedError') this.lock();
      });
    }
  }

  /** Calls then() once the chime has finished: at once when it isn't playing, at the latest after CHIME_MAX_MS. */
  afterChime(then) {
    const ding = this.ding;
    if (ding.paused || ding.ended) {
      then();
      return;
    }
    let timer = null;
    const finish = () => {
      ding.removeEventListener('ended', finish);
      ding.removeEventListener('pause', finish);
      clearTimeout(timer);
      then();
    };
    ding.addEventListener('ended', finish);
    ding.addEventListener('pause', finish);
    timer = setTimeout(finish, CHIME_MAX_MS);
  }

  /** A desktop notification for a batch of new or waiting orders (waiting: a Set of ids), only while the tab is hidden. */
  notify(orders, waiting = new Set()) {
    if (!document.hidden || !('Notification' in window) || Notification.permission !== 'granted') return;
    const waitingCount = orders.filter((o) => waiting.has(o.orderId)).length;
    let title = orders.length === 1 ? 'New order' : `${orders.length} new orders`;
    if (waitingCount === orders.length) {
      title = orders.length === 1 ? `Order ${orders[0].orderId} is waiting` : `${orders.length} orders waiting`;
    } else if (waitingCount) {
      title = `${orders.length} orders need you`;
    }
    const body = orders.slice(0, 4)
      .map((o) => `${o.buyerName} · ${money(o.orderAmount)} · ${itemsSummary(o.items)}`)
      .join('\n');
    try {
      const notification = new Notification(title, { body, tag: 'sell-new-orders' });
      notification.onclick = () => {
        window.focus();
        notification.close();
      };
    } catch {
      // some browsers only allow notifications from a service worker; the modal and sound still work
    }
  }
}
