/**
 * Every way a peer's bytes can be wrong. The peer machine maps each of them to `Disconnect(Bad protocol)`
 * (CONTRACT.md §3); metrics count them by code.
 */
export const WireErrorCode = {
  BadSyncToken: 'WIRE_BAD_SYNC_TOKEN',
  FrameTooLarge: 'WIRE_FRAME_TOO_LARGE',
  BadRlp: 'WIRE_BAD_RLP',
  UnknownCommand: 'WIRE_UNKNOWN_COMMAND',
  MalformedMessage: 'WIRE_MALFORMED_MESSAGE',
} as const;

export type WireErrorCode = (typeof WireErrorCode)[keyof typeof WireErrorCode];

export type WireErrorDetail =
  | { code: typeof WireErrorCode.BadSyncToken; got: number }
  | { code: typeof WireErrorCode.FrameTooLarge; size: number; max: number }
  | { code: typeof WireErrorCode.BadRlp; reason: string }
  | { code: typeof WireErrorCode.UnknownCommand; command: number }
  | { code: typeof WireErrorCode.MalformedMessage; command: string; reason: string };

function describe(d: WireErrorDetail): string {
  switch (d.code) {
    case WireErrorCode.BadSyncToken:
      return `bad sync token 0x${d.got.toString(16).padStart(8, '0')} (out of alignment)`;
    case WireErrorCode.FrameTooLarge:
      return `frame payload of ${d.size} bytes exceeds the limit of ${d.max}`;
    case WireErrorCode.BadRlp:
      return `invalid RLP: ${d.reason}`;
    case WireErrorCode.UnknownCommand:
      return `unknown command 0x${d.command.toString(16)}`;
    case WireErrorCode.MalformedMessage:
      return `malformed ${d.command}: ${d.reason}`;
  }
}

/** The wire layer's one error class; match on `code`, never on the message text. */
export class WireError extends Error {
  readonly code: WireErrorCode;
  readonly detail: WireErrorDetail;

  constructor(detail: WireErrorDetail) {
    super(describe(detail));
    this.name = 'WireError';
    this.code = detail.code;
    this.detail = detail;
  }
}

export function isWireError(err: unknown): err is WireError {
  return err instanceof WireError;
}

/** Shorthand for the most common error: a known command whose body has the wrong shape. */
export function malformed(command: string, reason: string): WireError {
  return new WireError({ code: WireErrorCode.MalformedMessage, command, reason });
}
