/** Default for `timeoutMs` of a dial: a peer that neither answers nor refuses within it is given up. */
export const DIAL_TIMEOUT_MS = 5000;

/**
 * Default for `closeTimeoutMs`: how long a graceful `close()` waits for the peer to take the flushed bytes
 * and answer with its own close before the socket is destroyed. A peer that never reads must not hold a
 * socket open for ever.
 */
export const CLOSE_TIMEOUT_MS = 5000;

/**
 * Largest WebSocket message accepted: one whole frame (MAX_FRAME_BYTES = 16 MiB of payload plus the
 * 8-byte header). The transport itself does not care where frames begin; this only caps what one message
 * may make the receiver buffer.
 */
export const WS_MAX_MESSAGE_BYTES = 16 * 1024 * 1024 + 8;

/**
 * Inbound bytes held for a connection that has not been started yet before the socket is paused, so a
 * peer that floods an unstarted connection meets TCP flow control instead of our memory.
 */
export const UNSTARTED_BUFFER_BYTES = 64 * 1024;
