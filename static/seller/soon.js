// One call of run() a short while after the first of a burst of requests: a burst of order
// events reads the server once.
export class Soon {
  constructor(delayMs, run) {
    this.delayMs = delayMs;
    this.run = run;
    this.timer = null;
  }

  request() {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run();
    }, this.delayMs);
  }

  cancel() {
    clearTimeout(this.timer);
    this.timer = null;
  }
}
