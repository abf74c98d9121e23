import type { Message } from './protocol';

/** Sends a message to the benchmark that forked this process. */
export function toParent(message: Message): void {
  process.send?.(message);
}

/**
 * Runs `handle` for every message from the parent; `exit` ends the process once `onExit` is done, and a
 * failure is reported to the parent as an `error` message before the process exits with 1.
 */
export function serveParent(
  handle: (m: Message) => Promise<void> | void,
  onExit?: () => Promise<void>,
): void {
  const fail = (err: unknown): void => {
    toParent({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  };
  process.on('message', (m: Message) => {
    if (m.type === 'exit') {
      (onExit ?? (() => Promise.resolve()))().then(
        () => process.exit(0),
        (err: unknown) => fail(err),
      );
      return;
    }
    try {
      const done = handle(m);
      if (done instanceof Promise) done.catch(fail);
    } catch (err: unknown) {
      fail(err);
    }
  });
  process.on('disconnect', () => process.exit(0));
}
