/** Error codes of the network layer (src/net). See codes.ts. */
export const netErrorCodes = {
  ERR_NET_CONNECT: 'Could not connect to a peer within the timeout.',
  ERR_NET_PEER_KEY: 'A peer presented a TLS key that is not the one pinned for it.',
  ERR_NET_UNKNOWN_PEER:
    'A connection came from, or was addressed to, a party that is not configured.',
  ERR_NET_CLOSED: 'The channel was used after it was closed.',
  ERR_NET_HANDSHAKE:
    'A peer opened a link that does not match this session (version, session, party list).',
  ERR_NET_CONFIG: 'Invalid network options: party ids, keys, fingerprints, ports or timeouts.',
  ERR_NET_USAGE:
    'A channel method was misused: step out of range, or the same step received twice.',
} as const;
