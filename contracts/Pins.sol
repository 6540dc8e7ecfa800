// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Consortium} from "./Consortium.sol";

/// @title Pins: timestamped, batched hash pins of broadcasts and private transfers.
/// @notice A member pins a batch of hashes in one transaction. A broadcast has a zero recipients
/// commitment. A private transfer carries `recipientsCommitment = keccak256(abi.encode(recipients,
/// salt))`, where the salt goes to the recipients off chain: anyone can see that a transfer
/// happened and when, only those who know the salt can tell to whom, and the recipients can check
/// the hashes of what they received against the batch. The first pin of a hash is indexed, so
/// `pinOf(hash)` answers "since when does this exist" without scanning logs.
contract Pins {
    struct Batch {
        uint256 id;
        address sender;
        uint64 timestamp;
        uint64 blockNumber;
        uint32 count;
        bytes32 recipientsCommitment;
        bytes32 root;
    }

    uint256 public constant MAX_BATCH = 1024;

    error NotMember(address account);
    error EmptyBatch();
    error BatchTooLarge(uint256 count, uint256 max);
    error BatchNotFound(uint256 batchId);
    error NotPinned(bytes32 hash);

    event Pinned(
        uint256 indexed batchId,
        address indexed sender,
        bytes32 indexed recipientsCommitment,
        bytes32 root,
        bytes32[] hashes
    );

    Consortium public immutable consortium;
    uint256 public batchCount;
    mapping(uint256 => Batch) private _batches;
    mapping(bytes32 => uint256) private _firstBatch;

    constructor(Consortium consortium_) {
        consortium = consortium_;
    }

    /// Pins `hashes` (1..MAX_BATCH). `root` is keccak256(abi.encodePacked(hashes)), in order.
    function pin(bytes32[] calldata hashes, bytes32 recipientsCommitment) external returns (uint256 id) {
        if (!consortium.isMember(msg.sender)) revert NotMember(msg.sender);
        uint256 n = hashes.length;
        if (n == 0) revert EmptyBatch();
        if (n > MAX_BATCH) revert BatchTooLarge(n, MAX_BATCH);
        id = ++batchCount;
        bytes32 root = keccak256(abi.encodePacked(hashes));
        _batches[id] = Batch({
            id: id,
            sender: msg.sender,
            timestamp: uint64(block.timestamp),
            blockNumber: uint64(block.number),
            count: uint32(n),
            recipientsCommitment: recipientsCommitment,
            root: root
        });
        for (uint256 i = 0; i < n; i++) {
            if (_firstBatch[hashes[i]] == 0) _firstBatch[hashes[i]] = id;
        }
        emit Pinned(id, msg.sender, recipientsCommitment, root, hashes);
    }

    function getBatch(uint256 batchId) external view returns (Batch memory) {
        Batch storage b = _batches[batchId];
        if (b.id == 0) revert BatchNotFound(batchId);
        return b;
    }

    /// The batch that first pinned `hash`.
    function pinOf(bytes32 hash) external view returns (Batch memory) {
        uint256 id = _firstBatch[hash];
        if (id == 0) revert NotPinned(hash);
        return _batches[id];
    }

    function isPinned(bytes32 hash) external view returns (bool) {
        return _firstBatch[hash] != 0;
    }
}
