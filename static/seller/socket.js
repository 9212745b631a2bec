// One seller WebSocket that keeps itself alive: full-jitter backoff, a silence watchdog, offline awareness.
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 20_000;
// until hello names the heartbeat's interval: the server's default is 25 s
const DEFAULT_HEARTBEAT_MS = 25_000;
// two missed heartbeats plus slack means the socket is dead even if the OS hasn't noticed
const silenceFor = (heartbeatMs) => 2 * heartbeatMs + 10_000;

export class LiveSocket {
  /**
   * url(): where to connect now (it carries the resume point); onMessage(msg): every parsed frame;
   * onState(state): 'connecting' | 'live' | 'reconnecting' | 'offline'; onLost(greeted, code): a socket ended.
   */
  constructor({ url, onMessage, onState, onLost }) {
    Object.assign(this, { url, onMessage, onState, onLost });
    this.ws = null;
    this.attempt = 0;
    this.retryTimer = null;
    this.watchdog = null;
    this.silenceMs = silenceFor(DEFAULT_HEARTBEAT_MS);
    this.running = false;
    this.wentOnline = () => this.connectNow();
    this.wentOffline = () => this.offline();
    this.becameVisible = () => { if (!document.hidden && !this.ws) this.connectNow(); };
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    window.addEventListener('online', this.wentOnline);
    window.addEventListener('offline', this.wentOffline);
    document.addEventListener('visibilitychange', this.becameVisible);
    this.onState('connecting');
    this.connect();
  }

  stop() {
    this.running = false;
    window.removeEventListener('online', this.wentOnline);
    window.removeEventListener('offline', this.wentOffline);
    document.removeEventListener('visibilitychange', this.becameVisible);
    clearTimeout(this.retryTimer);
    this.drop();
  }

  /** Skips any pending backoff, e.g. when the network comes back. */
  connectNow() {
    if (!this.running || this.ws) return;
    clearTimeout(this.retryTimer);
    this.attempt = 0;
    this.connect();
  }

  connect() {
    this.retryTimer = null;
    if (!this.running) return;
    if (!navigator.onLine) return this.offline();
    const ws = new WebSocket(this.url());
    this.ws = ws;
    this.greeted = false;
    ws.onmessage = (event) => {
      if (ws !== this.ws) return;
      this.armWatchdog();
      let msg;
      try {
        msg = JSON.parse(event.data);
      } catch {
        return;
      }
      if (!msg || typeof msg !== 'object') return;
      if (msg.type === 'hello') {
        this.greeted = true;
        this.attempt = 0;
        if (Number.isSafeInteger(msg.heartbeatMs) && msg.heartbeatMs > 0) {
          this.silenceMs = silenceFor(msg.heartbeatMs);
          this.armWatchdog();
        }
        this.onState('live');
      }
      this.onMessage(msg);
    };
    ws.onclose = ws.onerror = (event) => {
      if (ws !== this.ws) return;
      this.lost(event.code);
    };
    // also covers a handshake that never completes
    this.armWatchdog();
  }

  retry() {
    if (!this.running) return;
    if (!navigator.onLine) return this.offline();
    this.onState('reconnecting');
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(this.attempt, 16));
    this.attempt += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), Math.random() * ceiling);
  }

  offline() {
    if (!this.running) return;
    clearTimeout(this.retryTimer);
    this.drop();
    this.onState('offline');
  }

  armWatchdog() {
    clearTimeout(this.watchdog);
    const ws = this.ws;
    this.watchdog = setTimeout(() => {
      if (ws === this.ws) this.lost();
    }, this.silenceMs);
  }

  /** code: the close code, when the server closed it (1008: its session or token ended). */
  lost(code) {
    this.drop();
    this.onLost(this.greeted, code);
    this.retry();
  }

  drop() {
    clearTimeout(this.watchdog);
    const ws = this.ws;
    this.ws = null;
    if (!ws) return;
    ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close();
    } catch {
      // already closing
    }
  }
}
