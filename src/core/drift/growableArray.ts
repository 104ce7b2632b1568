// Typed arrays that grow by doubling: a column's values in one streaming pass without boxing each
// number in a JavaScript array.

export class GrowableFloat64 {
  // Starts small: a table of thousands of columns must not hold megabytes per column up front.
  private buf = new Float64Array(16);
  length = 0;

  push(x: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = x;
  }

  /** The values pushed, as a view on the buffer (no copy). */
  view(): Float64Array {
    return this.buf.subarray(0, this.length);
  }
}

export class GrowableInt32 {
  private buf = new Int32Array(16);
  length = 0;

  push(x: number): void {
    if (this.length === this.buf.length) {
      const next = new Int32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = x;
  }

  view(): Int32Array {
    return this.buf.subarray(0, this.length);
  }
}
