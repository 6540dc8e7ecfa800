/** Error codes of secure programs (src/programs) and of job execution (src/node/jobs). See codes.ts. */
export const jobErrorCodes = {
  ERR_PROGRAM_PARAM:
    'A public parameter of a program is missing, of the wrong type or out of range; the parameter is named.',
  ERR_PROGRAM_INPUT:
    "An input dataset does not fit the program's input schema (missing column, wrong type, value out of range); the column and row are named, never the value.",
  ERR_PROGRAM_OUTPUT:
    'A program returned outputs that do not match its output spec (name, type or length).',
  ERR_PROGRAM_NOT_FOUND: 'No program with this name or code hash is in the registry.',
  ERR_PROGRAM_HASH_MISMATCH:
    "A program's stored bundle does not hash to the code hash the consortium approved; the node refuses to load or run it (the program and both hashes are named).",
  ERR_PROGRAM_PUBLISH:
    'A program cannot be published: its files do not bundle into one script, or the bundle does not load as a program.',
  ERR_PROGRAM_SANDBOX:
    'A program failed inside its sandbox: it exceeded its memory, CPU or wall time limit, called something a program may not, or threw; the program is named.',
  ERR_JOB_CONFIG:
    'A job cannot run on this node: it is not Running, this node is not a party, a peer is unknown, or the params do not match the on-chain params hash.',
  ERR_JOB_FAILED:
    'A job failed closed; the reason names the party and step (it is also recorded on chain).',
  ERR_JOB_DIGEST:
    'A recipient received output shares that do not match the result digest the committee attested on chain.',
  ERR_JOB_INPUT_INVALID:
    "An input owner's dataset does not fit the program (missing column, wrong type, a value out of range); found on the owner's plaintext before anything was shared. The public reason names the owner and the column, the owner's local log and job events the row.",
  ERR_JOB_INPUT_REFUSED:
    "An input owner's node refused to share its inputs because the job breaks one of its committee rules (threshold t = 0, or its policy's requirements); the public reason names the owner and the rule.",
  ERR_JOB_REFUSED:
    'A recipient refused the outputs it received (an output out of the range of its type, or shares that disagree or are malformed), so the committee did not attest the result and the job failed on chain.',
} as const;
