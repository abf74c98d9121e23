import type { Connection } from '../transport/connection';
import type { Message, Transaction } from '../wire';
import { DisconnectReason, FrameDecoder, decodeMessage, encodeMessageFrame, helloMessage } from '../wire';

export interface InjectionClientOptions {
  readonly networkId: number;
  readonly clientId: string;
  /** 64 bytes, distinct from every node's. */
  readonly nodeId: Uint8Array;
  readonly transactions: readonly Transaction[];
  /** `sent`: the node said Hello and the transactions went out; `refused`: it closed or disconnected first. */
  readonly onDone?: (outcome: 'sent' | 'refused') => void;
}

/**
 * How a transaction enters the simulated network: a short-lived client that speaks the protocol to a node,
 * as a wallet talking to its node would. It sends Hello at once (both sides do, CONTRACT.md §3), waits for
 * the node's Hello, then sends `Transactions` and `Disconnect(Client quitting)` and closes. Nothing else the
 * node says (GetPeers, GetChain, GetTransactions) needs an answer before the client leaves.
 */
export function startInjectionClient(connection: Connection, options: InjectionClientOptions): void {
  const decoder = new FrameDecoder();
  let finished = false;
  const finish = (outcome: 'sent' | 'refused'): void => {
    if (finished) return;
    finished = true;
    options.onDone?.(outcome);
  };
  const send = (message: Message): void => connection.write(encodeMessageFrame(message));

  connection.start({
    data: (chunk) => {
      if (finished) return;
      const batch = decoder.push(chunk);
      for (const payload of batch.frames) {
        let command: Message['command'];
        try {
          command = decodeMessage(payload).command;
        } catch {
          // Not expected from our own node; whatever it was, the injection did not happen.
          finish('refused');
          connection.abort();
          return;
        }
        if (command === 'Disconnect') {
          finish('refused');
          connection.close();
          return;
        }
        if (command !== 'Hello') continue;
        send({ command: 'Transactions', transactions: options.transactions });
        send({ command: 'Disconnect', reason: DisconnectReason.ClientQuitting });
        connection.close();
        finish('sent');
        return;
      }
      if (batch.error) {
        finish('refused');
        connection.abort();
      }
    },
    closed: () => finish('refused'),
  });
  send(helloMessage(options.nodeId, { networkId: options.networkId, clientId: options.clientId }));
}
