// The shop's event stream, applied once each and in seq order. Replays are dropped by seq;
// a reset, a new epoch or a gap reloads the list over REST and continues from there.
import { LiveSocket } from './socket.js';

const RELOAD_RETRY_MS = 3000;

export class Feed {
  /**
   * reload(initial): loads the list over REST (initial: the first load after sign-in), rejects on failure;
   * apply(msg): an order.created / order.updated event, called in seq order, never twice for one seq.
   */
  constructor({ reload, apply, onState, onLost }) {
    this.reload = reload;
    this.apply = apply;
    this.socket = new LiveSocket({ url: () => this.url(), onMessage: (msg) => this.receive(msg), onState, onLost });
    this.generation = 0;
    this.forget();
  }

  start() {
    this.socket.start();
  }

  stop() {
    this.socket.stop();
    this.forget();
  }

  forget() {
    this.generation += 1;
    this.lastSeq = null;
    this.epoch = null;
    this.syncing = null;
    this.synced = false;
    this.buffer = [];
  }

  url() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const query = new URLSearchParams();
    if (this.lastSeq !== null) {
      query.set('since', String(this.lastSeq));
      if (this.epoch) query.set('epoch', this.epoch);
    }
    const search = query.toString();
    return `${scheme}//${location.host}/sell/webSocket${search ? `?${search}` : ''}`;
  }

  receive(msg) {
    switch (msg.type) {
      case 'hello': return this.hello(msg);
      case 'reset': return this.resync(msg.headSeq);
      case 'order.created':
      case 'order.updated':
      case 'order.reminded':
      case 'product.updated':
      case 'category.updated': return this.event(msg);
      default: return undefined; // heartbeats only feed the watchdog; unknown types are ignored
    }
  }

  hello(msg) {
    const known = this.epoch;
    this.epoch = typeof msg.epoch === 'string' ? msg.epoch : null;
    // with a known seq and the same epoch, the server now replays everything after lastSeq
    if (this.lastSeq === null || (known !== null && this.epoch !== known)) this.resync(msg.headSeq);
  }

  event(msg) {
    if (!Number.isSafeInteger(msg.seq)) return;
    // every event moves the seq, or the next one would look like a gap
    if (msg.type.startsWith('order.') && (!msg.order || typeof msg.order.orderId !== 'string')) return;
    if (this.syncing || this.lastSeq === null) {
      this.buffer.push(msg);
      return;
    }
    if (msg.seq <= this.lastSeq) return;
    if (msg.seq > this.lastSeq + 1) {
      this.buffer.push(msg);
      this.resync(msg.seq - 1);
      return;
    }
    this.lastSeq = msg.seq;
    this.apply(msg);
  }

  /** Reloads the list, then applies the events that came meanwhile; the list stands for everything up to baseline. */
  async resync(baseline) {
    if (!Number.isSafeInteger(baseline)) return;
    if (this.syncing && this.syncing.baseline === baseline) return;
    const generation = ++this.generation;
    this.syncing = { baseline };
    this.lastSeq = baseline;
    for (;;) {
      try {
        await this.reload(!this.synced);
        break;
      } catch (error) {
        if (generation !== this.generation || error.status === 401) return;
        await new Promise((resolve) => setTimeout(resolve, RELOAD_RETRY_MS));
        if (generation !== this.generation) return;
      }
    }
    if (generation !== this.generation) return;
    this.synced = true;
    this.syncing = null;
    const pending = this.buffer.sort((a, b) => a.seq - b.seq);
    this.buffer = [];
    for (const msg of pending) this.event(msg);
  }
}
