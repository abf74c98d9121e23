import type { Store, StoreOperation } from './store';

/** An in-memory `Store` for tests and the simulator; batches are atomic because they apply synchronously. */
export class MemoryStore implements Store {
  private readonly map = new Map<string, Uint8Array>();
  private closed = false;

  get(key: string): Promise<Uint8Array | undefined> {
    this.assertOpen();
    return Promise.resolve(this.map.get(key));
  }

  entries(prefix: string): Promise<Array<readonly [string, Uint8Array]>> {
    this.assertOpen();
    const out: Array<readonly [string, Uint8Array]> = [];
    for (const [k, v] of this.map) if (k.startsWith(prefix)) out.push([k, v]);
    out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return Promise.resolve(out);
  }

  write(operations: readonly StoreOperation[]): Promise<void> {
    this.assertOpen();
    for (const op of operations) {
      if (op.type === 'put') this.map.set(op.key, op.value.slice());
      else this.map.delete(op.key);
    }
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** Re-opens after `close` with the same contents, standing in for a restart. */
  reopen(): void {
    this.closed = false;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('store is closed');
  }
}
