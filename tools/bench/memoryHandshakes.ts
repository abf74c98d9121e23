import type { NodeCore } from '../../actors/nodeCore';
import { createMemoryPair } from '../../transport/memory';
import { fieldlessMessage, FrameDecoder } from '../../wire';
import { cpuSecondsSince, median } from './measure';
import { freshHelloFrame } from './clients/pocSocket';

/** Connections in their handshake at once, as one of the TCP benchmark's load generators keeps them. */
const CONCURRENCY = 32;
const SOURCES = 199;

/**
 * `count` handshakes against `core` over the memory transport, `CONCURRENCY` at a time, as the TCP
 * load generator does them: Hello with a fresh node id, wait for the node's GetPeers (it follows
 * admission), close. Resolves with the number admitted.
 */
export function memoryHandshakes(core: NodeCore, count: number): Promise<number> {
  return new Promise((resolve) => {
    let started = 0;
    let closed = 0;
    let admitted = 0;
    const next = (): void => {
      if (started >= count) return;
      started++;
      // Remote addresses vary as the TCP benchmark's source addresses do.
      const remote = `127.0.0.${2 + (started % SOURCES)}:${20_000 + (started % 40_000)}`;
      const [nodeSide, peerSide] = createMemoryPair({ remoteA: remote });
      const decoder = new FrameDecoder();
      let done = false;
      peerSide.start({
        data: (chunk) => {
          for (const payload of decoder.push(chunk).frames) {
            if (done || fieldlessMessage(payload)?.command !== 'GetPeers') continue;
            done = true;
            admitted++;
            peerSide.close();
          }
        },
        closed: () => {
          if (++closed === count) resolve(admitted);
          else next();
        },
      });
      core.accept(nodeSide, 'inbound');
      // A Hello template with a fresh node id patched in, as the TCP load generators send it: encoding a
      // whole Hello here would be charged to the node's CPU per handshake (~8 µs).
      peerSide.write(freshHelloFrame());
    };
    for (let i = 0; i < CONCURRENCY; i++) next();
  });
}

/**
 * Handshakes per second of this process's CPU time over the memory transport: the node's own work per
 * handshake (machines, actors, codec, metrics, log) without sockets and the kernel, plus its remote ends'
 * small share. Median over `rounds` rounds of `perRound`, after one round of warm-up.
 */
export async function memoryHandshakeRate(core: NodeCore, perRound: number, rounds: number): Promise<number> {
  await memoryHandshakes(core, perRound);
  const rates: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const cpu = process.cpuUsage();
    const admitted = await memoryHandshakes(core, perRound);
    rates.push(admitted / cpuSecondsSince(cpu));
  }
  return median(rates);
}
