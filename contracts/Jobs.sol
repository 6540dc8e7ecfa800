// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Consortium} from "./Consortium.sol";
import {Catalog} from "./Catalog.sol";
import {Grants} from "./Grants.sol";

/// @title Jobs: the life of one secure computation, from proposal to attested result.
/// @notice States: AwaitingApproval -> Ready -> Running -> Succeeded | Failed, with Rejected and
/// Cancelled as exits before Running. A job is Ready once every input is covered, either because
/// its owner approved this exact job (id and spec hash) or because a valid grant held by the
/// proposer covers it (the grant's use is counted at proposal). The result digest is accepted
/// only with an EIP-712 signature of (jobId, resultDigest, keccak256(publicOutputs)) from every
/// committee member, checked here with ecrecover; `publicOutputs` are the values of the program's
/// outputs declared public (e.g. a tally), stored here and emitted in `JobPublicOutputs`, so the
/// chain holds them with the committee's attestation. After the deadline anyone may fail a job
/// that has not finished.
contract Jobs {
    enum JobStatus {
        None,
        AwaitingApproval,
        Ready,
        Running,
        Succeeded,
        Failed,
        Rejected,
        Cancelled
    }

    /// What a proposer submits. `grantIds[i]` is a grant covering `inputs[i]`, or 0 for none.
    struct JobSpec {
        bytes32 programHash;
        bytes32[] inputs;
        uint256[] grantIds;
        address[] committee;
        address[] recipients;
        bytes32 paramsHash;
        uint64 deadline;
    }

    struct Job {
        uint256 id;
        address proposer;
        JobStatus status;
        uint64 deadline;
        uint64 proposedAt;
        uint64 updatedAt;
        bytes32 programHash;
        bytes32 paramsHash;
        bytes32 specHash;
        bytes32 resultDigest;
        uint256 approvedMask;
        bytes32[] inputs;
        address[] inputOwners;
        address[] committee;
        address[] recipients;
        string reason;
    }

    uint256 public constant MAX_INPUTS = 64;
    uint256 public constant MAX_COMMITTEE = 64;
    uint256 public constant MAX_RECIPIENTS = 64;
    /// The most bytes of public outputs one job may record.
    uint256 public constant MAX_PUBLIC_OUTPUTS = 16384;
    bytes32 public constant JOB_RESULT_TYPEHASH =
        keccak256("JobResult(uint256 jobId,bytes32 resultDigest,bytes32 publicOutputsHash)");
    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    /// secp256k1n / 2: signatures with a larger s are malleable copies and are refused.
    uint256 private constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    error NotMember(address account);
    error ProgramNotApproved(bytes32 programHash);
    error InvalidDeadline(uint64 deadline, uint64 now_);
    error LengthMismatch(uint256 expected, uint256 actual);
    error TooMany(uint256 count, uint256 max);
    error EmptyCommittee();
    error EmptyRecipients();
    error DuplicateInput(bytes32 datasetId);
    error DuplicateCommitteeMember(address account);
    error DatasetIsWithdrawn(bytes32 datasetId);
    error DatasetNotReleased(bytes32 datasetId, uint64 releaseTime);
    error JobNotFound(uint256 jobId);
    error InvalidJobStatus(uint256 jobId, JobStatus status);
    error JobSpecMismatch(uint256 jobId, bytes32 specHash);
    error NotInputOwner(uint256 jobId, address account);
    error NothingToApprove(uint256 jobId, address account);
    error NotProposer(uint256 jobId, address account);
    error NotCommitteeMember(uint256 jobId, address account);
    error DeadlinePassed(uint256 jobId, uint64 deadline);
    error DeadlineNotPassed(uint256 jobId, uint64 deadline);
    error WrongSignatureCount(uint256 expected, uint256 actual);
    error InvalidSignature(uint256 index);
    error SignerNotInCommittee(address signer);
    error DuplicateSigner(address signer);
    error ParamsMismatch(bytes32 paramsHash, bytes32 actual);

    event JobProposed(
        uint256 indexed jobId,
        address indexed proposer,
        bytes32 indexed programHash,
        bytes32 specHash,
        bytes32[] inputs,
        address[] committee,
        address[] recipients,
        bytes32 paramsHash,
        uint64 deadline
    );
    /// The public parameters of a job, published by `proposeJobWithParams` (keccak256 = paramsHash).
    event JobParams(uint256 indexed jobId, bytes params);
    event JobApproved(uint256 indexed jobId, address indexed owner, uint256 approvedMask);
    event JobInputGranted(uint256 indexed jobId, bytes32 indexed datasetId, uint256 indexed grantId);
    event JobReady(uint256 indexed jobId);
    event JobStarted(uint256 indexed jobId, address indexed by);
    event JobSucceeded(uint256 indexed jobId, bytes32 resultDigest);
    /// The public outputs of a succeeded job (emitted only when there are some), as attested.
    event JobPublicOutputs(uint256 indexed jobId, bytes outputs);
    event JobFailed(uint256 indexed jobId, address indexed by, string reason);
    event JobRejected(uint256 indexed jobId, address indexed owner, string reason);
    event JobCancelled(uint256 indexed jobId);

    Consortium public immutable consortium;
    Catalog public immutable catalog;
    Grants public immutable grants;
    uint256 public jobCount;
    mapping(uint256 => Job) private _jobs;
    mapping(uint256 => bytes) private _publicOutputs;

    bytes32 private immutable _domainSeparator;
    uint256 private immutable _chainId;

    constructor(Consortium consortium_, Catalog catalog_, Grants grants_) {
        consortium = consortium_;
        catalog = catalog_;
        grants = grants_;
        _chainId = block.chainid;
        _domainSeparator = _buildDomainSeparator();
    }

    modifier onlyMember() {
        if (!consortium.isMember(msg.sender)) revert NotMember(msg.sender);
        _;
    }

    // ----- actions -----

    function proposeJob(JobSpec calldata spec) external onlyMember returns (uint256 id) {
        id = _propose(spec);
    }

    /// Proposes a job and publishes its public parameters: `params` must be the preimage of
    /// `spec.paramsHash` (keccak256), so every party reads from the chain exactly the parameters
    /// the owners approve. Use it for public parameters only (thresholds, labels, column names).
    function proposeJobWithParams(JobSpec calldata spec, bytes calldata params)
        external
        onlyMember
        returns (uint256 id)
    {
        if (keccak256(params) != spec.paramsHash) revert ParamsMismatch(spec.paramsHash, keccak256(params));
        id = _propose(spec);
        emit JobParams(id, params);
    }

    function _propose(JobSpec calldata spec) private returns (uint256 id) {
        if (!consortium.isProgramApproved(spec.programHash)) revert ProgramNotApproved(spec.programHash);
        if (spec.deadline <= block.timestamp) revert InvalidDeadline(spec.deadline, uint64(block.timestamp));
        uint256 nIn = spec.inputs.length;
        if (spec.grantIds.length != nIn) revert LengthMismatch(nIn, spec.grantIds.length);
        if (nIn > MAX_INPUTS) revert TooMany(nIn, MAX_INPUTS);
        if (spec.committee.length == 0) revert EmptyCommittee();
        if (spec.committee.length > MAX_COMMITTEE) revert TooMany(spec.committee.length, MAX_COMMITTEE);
        if (spec.recipients.length == 0) revert EmptyRecipients();
        if (spec.recipients.length > MAX_RECIPIENTS) revert TooMany(spec.recipients.length, MAX_RECIPIENTS);
        for (uint256 i = 0; i < spec.committee.length; i++) {
            address c = spec.committee[i];
            if (!consortium.isMember(c)) revert NotMember(c);
            for (uint256 j = 0; j < i; j++) if (spec.committee[j] == c) revert DuplicateCommitteeMember(c);
        }
        for (uint256 i = 0; i < spec.recipients.length; i++) {
            if (!consortium.isMember(spec.recipients[i])) revert NotMember(spec.recipients[i]);
        }

        id = ++jobCount;
        Job storage job = _jobs[id];
        job.id = id;
        job.proposer = msg.sender;
        job.deadline = spec.deadline;
        job.proposedAt = uint64(block.timestamp);
        job.updatedAt = uint64(block.timestamp);
        job.programHash = spec.programHash;
        job.paramsHash = spec.paramsHash;
        job.inputs = spec.inputs;
        job.committee = spec.committee;
        job.recipients = spec.recipients;
        job.specHash = jobSpecHash(spec);
        _emitProposed(id, spec, job.specHash);
        uint256 mask = _coverInputs(job, spec);
        job.approvedMask = mask;
        if (mask == _fullMask(nIn)) {
            job.status = JobStatus.Ready;
            emit JobReady(id);
        } else {
            job.status = JobStatus.AwaitingApproval;
        }
    }

    /// An input owner approves every one of its inputs to this exact job. `specHash` must equal
    /// the job's, so an owner never approves something other than what its node checked.
    function approveJob(uint256 jobId, bytes32 specHash) external onlyMember {
        Job storage job = _job(jobId);
        if (job.status != JobStatus.AwaitingApproval) revert InvalidJobStatus(jobId, job.status);
        if (block.timestamp >= job.deadline) revert DeadlinePassed(jobId, job.deadline);
        if (job.specHash != specHash) revert JobSpecMismatch(jobId, job.specHash);
        uint256 mask = job.approvedMask;
        bool owner = false;
        uint256 n = job.inputOwners.length;
        for (uint256 i = 0; i < n; i++) {
            if (job.inputOwners[i] == msg.sender) {
                owner = true;
                mask |= 1 << i;
            }
        }
        if (!owner) revert NotInputOwner(jobId, msg.sender);
        if (mask == job.approvedMask) revert NothingToApprove(jobId, msg.sender);
        job.approvedMask = mask;
        job.updatedAt = uint64(block.timestamp);
        emit JobApproved(jobId, msg.sender, mask);
        if (mask == _fullMask(n)) {
            job.status = JobStatus.Ready;
            emit JobReady(jobId);
        }
    }

    /// An input owner refuses the job (before it runs). Final.
    function rejectJob(uint256 jobId, string calldata reason) external onlyMember {
        Job storage job = _job(jobId);
        if (job.status != JobStatus.AwaitingApproval && job.status != JobStatus.Ready) {
            revert InvalidJobStatus(jobId, job.status);
        }
        if (!_isInputOwner(job, msg.sender)) revert NotInputOwner(jobId, msg.sender);
        _close(job, JobStatus.Rejected, reason);
        emit JobRejected(jobId, msg.sender, reason);
    }

    /// The proposer withdraws the job before it runs. Grant uses already counted stay counted.
    function cancelJob(uint256 jobId) external onlyMember {
        Job storage job = _job(jobId);
        if (job.proposer != msg.sender) revert NotProposer(jobId, msg.sender);
        if (job.status != JobStatus.AwaitingApproval && job.status != JobStatus.Ready) {
            revert InvalidJobStatus(jobId, job.status);
        }
        _close(job, JobStatus.Cancelled, "");
        emit JobCancelled(jobId);
    }

    /// A committee member marks a Ready job as Running.
    function startJob(uint256 jobId) external onlyMember {
        Job storage job = _job(jobId);
        if (job.status != JobStatus.Ready) revert InvalidJobStatus(jobId, job.status);
        if (block.timestamp >= job.deadline) revert DeadlinePassed(jobId, job.deadline);
        if (!_isCommittee(job, msg.sender)) revert NotCommitteeMember(jobId, msg.sender);
        job.status = JobStatus.Running;
        job.updatedAt = uint64(block.timestamp);
        emit JobStarted(jobId, msg.sender);
    }

    /// Records the result digest and the public outputs (empty for none) of a Running job.
    /// Anyone may relay it: the authority is the signatures, one per committee member (any
    /// order), each an EIP-712 signature of JobResult(jobId, resultDigest,
    /// keccak256(publicOutputs)) by a distinct committee member who is still a member.
    function submitResult(
        uint256 jobId,
        bytes32 resultDigest,
        bytes calldata publicOutputs,
        bytes[] calldata signatures
    ) external {
        Job storage job = _job(jobId);
        if (job.status != JobStatus.Running) revert InvalidJobStatus(jobId, job.status);
        if (block.timestamp >= job.deadline) revert DeadlinePassed(jobId, job.deadline);
        if (publicOutputs.length > MAX_PUBLIC_OUTPUTS) revert TooMany(publicOutputs.length, MAX_PUBLIC_OUTPUTS);
        address[] memory committee = job.committee;
        if (signatures.length != committee.length) revert WrongSignatureCount(committee.length, signatures.length);
        bytes32 digest = resultTypedDataHash(jobId, resultDigest, keccak256(publicOutputs));
        uint256 seen = 0;
        for (uint256 i = 0; i < signatures.length; i++) {
            address signer = _recover(digest, signatures[i], i);
            uint256 k = committee.length;
            for (uint256 j = 0; j < committee.length; j++) {
                if (committee[j] == signer) {
                    k = j;
                    break;
                }
            }
            if (k == committee.length) revert SignerNotInCommittee(signer);
            if (seen & (1 << k) != 0) revert DuplicateSigner(signer);
            if (!consortium.isMember(signer)) revert NotMember(signer);
            seen |= 1 << k;
        }
        job.resultDigest = resultDigest;
        job.status = JobStatus.Succeeded;
        job.updatedAt = uint64(block.timestamp);
        emit JobSucceeded(jobId, resultDigest);
        if (publicOutputs.length > 0) {
            _publicOutputs[jobId] = publicOutputs;
            emit JobPublicOutputs(jobId, publicOutputs);
        }
    }

    /// Fails a job that has not finished. Before the deadline only a committee member may fail a
    /// Ready or Running job; after the deadline anyone may fail any unfinished job.
    function failJob(uint256 jobId, string calldata reason) external {
        Job storage job = _job(jobId);
        JobStatus s = job.status;
        if (s != JobStatus.AwaitingApproval && s != JobStatus.Ready && s != JobStatus.Running) {
            revert InvalidJobStatus(jobId, s);
        }
        if (block.timestamp < job.deadline) {
            if (!_isCommittee(job, msg.sender) || !consortium.isMember(msg.sender)) {
                revert DeadlineNotPassed(jobId, job.deadline);
            }
            if (s == JobStatus.AwaitingApproval) revert InvalidJobStatus(jobId, s);
        }
        _close(job, JobStatus.Failed, reason);
        emit JobFailed(jobId, msg.sender, reason);
    }

    // ----- views -----

    function getJob(uint256 jobId) external view returns (Job memory) {
        return _job(jobId);
    }

    /// The public outputs a job's committee attested (empty if none, or not succeeded).
    function publicOutputsOf(uint256 jobId) external view returns (bytes memory) {
        _job(jobId);
        return _publicOutputs[jobId];
    }

    /// The hash an input owner approves: every field of the spec, plus nothing else.
    function jobSpecHash(JobSpec calldata spec) public pure returns (bytes32) {
        return keccak256(
            abi.encode(
                spec.programHash,
                spec.inputs,
                spec.grantIds,
                spec.committee,
                spec.recipients,
                spec.paramsHash,
                spec.deadline
            )
        );
    }

    function domainSeparator() public view returns (bytes32) {
        return block.chainid == _chainId ? _domainSeparator : _buildDomainSeparator();
    }

    /// The EIP-712 digest each committee member signs for (jobId, resultDigest, publicOutputsHash).
    function resultTypedDataHash(uint256 jobId, bytes32 resultDigest, bytes32 publicOutputsHash)
        public
        view
        returns (bytes32)
    {
        bytes32 structHash = keccak256(abi.encode(JOB_RESULT_TYPEHASH, jobId, resultDigest, publicOutputsHash));
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator(), structHash));
    }

    // ----- internals -----

    function _emitProposed(uint256 id, JobSpec calldata spec, bytes32 specHash) private {
        emit JobProposed(
            id,
            msg.sender,
            spec.programHash,
            specHash,
            spec.inputs,
            spec.committee,
            spec.recipients,
            spec.paramsHash,
            spec.deadline
        );
    }

    /// Records each input's owner; marks as approved the inputs the proposer owns and those
    /// covered by a grant (whose use is counted now). Returns the approval bitmask.
    function _coverInputs(Job storage job, JobSpec calldata spec) private returns (uint256 mask) {
        uint256 id = job.id;
        for (uint256 i = 0; i < spec.inputs.length; i++) {
            bytes32 ds = spec.inputs[i];
            for (uint256 j = 0; j < i; j++) if (spec.inputs[j] == ds) revert DuplicateInput(ds);
            (address owner, uint64 releaseTime, bool withdrawn) = catalog.datasetStatus(ds);
            if (withdrawn) revert DatasetIsWithdrawn(ds);
            if (releaseTime > block.timestamp) revert DatasetNotReleased(ds, releaseTime);
            job.inputOwners.push(owner);
            if (owner == msg.sender) {
                mask |= 1 << i;
            } else if (spec.grantIds[i] != 0) {
                grants.consume(spec.grantIds[i], id, ds, msg.sender, spec.programHash);
                emit JobInputGranted(id, ds, spec.grantIds[i]);
                mask |= 1 << i;
            }
        }
    }

    function _job(uint256 jobId) private view returns (Job storage job) {
        job = _jobs[jobId];
        if (job.status == JobStatus.None) revert JobNotFound(jobId);
    }

    function _close(Job storage job, JobStatus status, string memory reason) private {
        job.status = status;
        job.reason = reason;
        job.updatedAt = uint64(block.timestamp);
    }

    function _isCommittee(Job storage job, address account) private view returns (bool) {
        address[] storage c = job.committee;
        for (uint256 i = 0; i < c.length; i++) if (c[i] == account) return true;
        return false;
    }

    function _isInputOwner(Job storage job, address account) private view returns (bool) {
        address[] storage o = job.inputOwners;
        for (uint256 i = 0; i < o.length; i++) if (o[i] == account) return true;
        return false;
    }

    function _fullMask(uint256 n) private pure returns (uint256) {
        return n == 0 ? 0 : (n == 256 ? type(uint256).max : (uint256(1) << n) - 1);
    }

    function _recover(bytes32 digest, bytes calldata sig, uint256 index) private pure returns (address signer) {
        if (sig.length != 65) revert InvalidSignature(index);
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        if (v < 27) v += 27;
        if (uint256(s) > HALF_N || (v != 27 && v != 28)) revert InvalidSignature(index);
        signer = ecrecover(digest, v, r, s);
        if (signer == address(0)) revert InvalidSignature(index);
    }

    function _buildDomainSeparator() private view returns (bytes32) {
        return keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256("Parley Jobs"), keccak256("1"), block.chainid, address(this))
        );
    }
}
