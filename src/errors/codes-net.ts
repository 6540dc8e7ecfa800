/** Error codes of the network layer (src/net). See codes.ts. */
export const netErrorCodes = {
  ERR_NET_CONNECT: 'Could not connect to a peer within the timeout.',
  ERR_NET_PEER_KEY: 'A peer presented a TLS key that is not the one pinned for it.',
  ERR_NET_UNKNOWN_PEER:
    'A connection came from, or was addressed to, a party that is not configured.',
  ERR_NET_CLOSED: 'The channel was used after it was closed.',
} as const;
