// How many messages a panel host lets travel to its webview unacknowledged. With one, every update
// logged while a message was on its way waited for the whole round trip (to the webview, its draw,
// and the acknowledgement back), about twice the way there; with a few, the next goes at once and
// the queue on the way stays bounded, so a slow webview is never flooded.

export class InFlightWindow {
  /** When each message not yet acknowledged was posted (ms), oldest first. */
  private readonly postedAt: number[] = [];

  constructor(
    /** At most this many messages on their way at once. */
    readonly size: number,
    /** A message unacknowledged for this long counts as lost: only a lost acknowledgement comes to it. */
    readonly timeoutMs: number,
  ) {
    if (!(size >= 1)) throw new Error(`InFlightWindow: size must be at least 1, got ${size}`);
  }

  /** Messages on their way at `now`, not counting those given up as lost. */
  inFlight(now: number): number {
    while (this.postedAt.length && now - this.postedAt[0] >= this.timeoutMs) this.postedAt.shift();
    return this.postedAt.length;
  }

  /** Whether a message may be posted at `now`. */
  isOpen(now: number): boolean {
    return this.inFlight(now) < this.size;
  }

  /** How long from `now` until the window opens by the timeout alone (0: it is open). */
  openIn(now: number): number {
    if (this.isOpen(now)) return 0;
    return this.postedAt[0] + this.timeoutMs - now;
  }

  posted(now: number): void {
    this.postedAt.push(now);
  }

  /** The webview took `count` messages (they arrive in order): the oldest ones leave the window. */
  acknowledged(count: number): void {
    this.postedAt.splice(0, Math.max(0, count));
  }

  /** The webview was reloaded: nothing it was sent is still on its way. */
  reset(): void {
    this.postedAt.length = 0;
  }
}
