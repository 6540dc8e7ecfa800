// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Consortium} from "./Consortium.sol";
import {Catalog} from "./Catalog.sol";

/// @title Grants: a member's permission to use another member's dataset in jobs.
/// @notice A member (the grantee) requests the use of a dataset for a stated purpose, a list of
/// program hashes, an expiry and a maximum number of uses. The dataset's owner approves or rejects
/// the request, and may revoke it at any time. Only the `Jobs` contract fixed at deployment may
/// consume a use; each use is counted and refused once the grant is spent, expired or revoked.
contract Grants {
    enum GrantStatus {
        None,
        Pending,
        Approved,
        Rejected,
        Revoked
    }

    struct Grant {
        uint256 id;
        bytes32 datasetId;
        address grantee;
        address owner;
        GrantStatus status;
        uint64 requestedAt;
        uint64 decidedAt;
        uint64 expiresAt;
        uint32 maxUses;
        uint32 uses;
        string purpose;
        bytes32[] programHashes;
    }

    error NotMember(address account);
    error DatasetIsWithdrawn(bytes32 datasetId);
    error InvalidExpiry(uint64 expiresAt, uint64 now_);
    error InvalidMaxUses();
    error EmptyProgramList();
    error GrantNotFound(uint256 grantId);
    error NotDatasetOwner(bytes32 datasetId, address owner, address caller);
    error GrantNotPending(uint256 grantId, GrantStatus status);
    error GrantNotApproved(uint256 grantId, GrantStatus status);
    error GrantIsRevoked(uint256 grantId);
    error GrantAlreadyClosed(uint256 grantId, GrantStatus status);
    error GrantExpired(uint256 grantId, uint64 expiresAt);
    error GrantExhausted(uint256 grantId, uint32 maxUses);
    error GrantDatasetMismatch(uint256 grantId, bytes32 datasetId);
    error NotGrantee(uint256 grantId, address grantee, address user);
    error ProgramNotAllowed(uint256 grantId, bytes32 programHash);
    error OnlyJobs(address caller);

    event GrantRequested(
        uint256 indexed grantId,
        bytes32 indexed datasetId,
        address indexed grantee,
        string purpose,
        bytes32[] programHashes,
        uint64 expiresAt,
        uint32 maxUses
    );
    event GrantApproved(uint256 indexed grantId, address indexed owner);
    event GrantRejected(uint256 indexed grantId, address indexed owner, string reason);
    event GrantRevoked(uint256 indexed grantId, address indexed owner, string reason);
    event GrantUsed(uint256 indexed grantId, uint256 indexed jobId, uint32 uses, uint32 maxUses);

    Consortium public immutable consortium;
    Catalog public immutable catalog;
    /// The only contract allowed to consume uses. Fixed at deployment (its address is computed
    /// from the deployer's nonce), so there is no admin that could change it later.
    address public immutable jobs;
    uint256 public grantCount;
    mapping(uint256 => Grant) private _grants;

    constructor(Consortium consortium_, Catalog catalog_, address jobs_) {
        consortium = consortium_;
        catalog = catalog_;
        jobs = jobs_;
    }

    modifier onlyMember() {
        if (!consortium.isMember(msg.sender)) revert NotMember(msg.sender);
        _;
    }

    function requestGrant(
        bytes32 datasetId,
        string calldata purpose,
        bytes32[] calldata programHashes,
        uint64 expiresAt,
        uint32 maxUses
    ) external onlyMember returns (uint256 id) {
        (address owner, , bool withdrawn) = catalog.datasetStatus(datasetId);
        if (withdrawn) revert DatasetIsWithdrawn(datasetId);
        if (expiresAt <= block.timestamp) revert InvalidExpiry(expiresAt, uint64(block.timestamp));
        if (maxUses == 0) revert InvalidMaxUses();
        if (programHashes.length == 0) revert EmptyProgramList();
        id = ++grantCount;
        Grant storage g = _grants[id];
        g.id = id;
        g.datasetId = datasetId;
        g.grantee = msg.sender;
        g.owner = owner;
        g.status = GrantStatus.Pending;
        g.requestedAt = uint64(block.timestamp);
        g.expiresAt = expiresAt;
        g.maxUses = maxUses;
        g.purpose = purpose;
        g.programHashes = programHashes;
        emit GrantRequested(id, datasetId, msg.sender, purpose, programHashes, expiresAt, maxUses);
    }

    function approveGrant(uint256 grantId) external onlyMember {
        Grant storage g = _ownedGrant(grantId);
        if (g.status != GrantStatus.Pending) revert GrantNotPending(grantId, g.status);
        if (block.timestamp >= g.expiresAt) revert GrantExpired(grantId, g.expiresAt);
        g.status = GrantStatus.Approved;
        g.decidedAt = uint64(block.timestamp);
        emit GrantApproved(grantId, msg.sender);
    }

    function rejectGrant(uint256 grantId, string calldata reason) external onlyMember {
        Grant storage g = _ownedGrant(grantId);
        if (g.status != GrantStatus.Pending) revert GrantNotPending(grantId, g.status);
        g.status = GrantStatus.Rejected;
        g.decidedAt = uint64(block.timestamp);
        emit GrantRejected(grantId, msg.sender, reason);
    }

    /// The owner withdraws a pending or approved grant, at any time, effective immediately.
    function revokeGrant(uint256 grantId, string calldata reason) external onlyMember {
        Grant storage g = _ownedGrant(grantId);
        if (g.status != GrantStatus.Pending && g.status != GrantStatus.Approved) {
            revert GrantAlreadyClosed(grantId, g.status);
        }
        g.status = GrantStatus.Revoked;
        g.decidedAt = uint64(block.timestamp);
        emit GrantRevoked(grantId, msg.sender, reason);
    }

    /// Counts one use of `grantId` by job `jobId`. Only the Jobs contract may call this.
    function consume(uint256 grantId, uint256 jobId, bytes32 datasetId, address user, bytes32 programHash) external {
        if (msg.sender != jobs) revert OnlyJobs(msg.sender);
        Grant storage g = _grants[grantId];
        _checkUsable(g, grantId, datasetId, user, programHash);
        g.uses += 1;
        emit GrantUsed(grantId, jobId, g.uses, g.maxUses);
    }

    /// Reverts with the reason `consume` would refuse, or returns normally if one more use is allowed.
    function checkUsable(uint256 grantId, bytes32 datasetId, address user, bytes32 programHash) external view {
        _checkUsable(_grants[grantId], grantId, datasetId, user, programHash);
    }

    function getGrant(uint256 grantId) external view returns (Grant memory) {
        Grant storage g = _grants[grantId];
        if (g.status == GrantStatus.None) revert GrantNotFound(grantId);
        return g;
    }

    function _checkUsable(
        Grant storage g,
        uint256 grantId,
        bytes32 datasetId,
        address user,
        bytes32 programHash
    ) private view {
        if (g.status == GrantStatus.None) revert GrantNotFound(grantId);
        if (g.status == GrantStatus.Revoked) revert GrantIsRevoked(grantId);
        if (g.status != GrantStatus.Approved) revert GrantNotApproved(grantId, g.status);
        if (g.datasetId != datasetId) revert GrantDatasetMismatch(grantId, datasetId);
        if (g.grantee != user) revert NotGrantee(grantId, g.grantee, user);
        if (block.timestamp >= g.expiresAt) revert GrantExpired(grantId, g.expiresAt);
        if (g.uses >= g.maxUses) revert GrantExhausted(grantId, g.maxUses);
        bytes32[] storage allowed = g.programHashes;
        for (uint256 i = 0; i < allowed.length; i++) {
            if (allowed[i] == programHash) return;
        }
        revert ProgramNotAllowed(grantId, programHash);
    }

    function _ownedGrant(uint256 grantId) private view returns (Grant storage g) {
        g = _grants[grantId];
        if (g.status == GrantStatus.None) revert GrantNotFound(grantId);
        (address owner, , ) = catalog.datasetStatus(g.datasetId);
        if (owner != msg.sender) revert NotDatasetOwner(g.datasetId, owner, msg.sender);
    }
}
