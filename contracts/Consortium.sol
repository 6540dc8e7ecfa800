// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title Consortium: the members of a Parley network and their k-of-n governance.
/// @notice Genesis members are fixed at deployment; afterwards there is no admin. Every change
/// (add, remove or update a member, approve or revoke a program hash, change the threshold) is a
/// proposal that executes as soon as `threshold` current members have voted for it, and lapses
/// after `proposalLifetime` seconds. Only votes of *current* members count: a removed member's
/// earlier votes stop counting at once, and a removed member can neither propose nor vote.
/// Only identifiers and public metadata are stored here: never data, never shares, never secrets.
contract Consortium {
    /// Public, off-chain-reachable facts about a member. `tlsPublicKey` is the key its node
    /// presents on mutually authenticated TLS (e.g. a DER SubjectPublicKeyInfo).
    struct MemberInfo {
        string name;
        string endpoint;
        bytes tlsPublicKey;
        string jurisdiction;
    }

    struct Member {
        address account;
        string name;
        string endpoint;
        bytes tlsPublicKey;
        string jurisdiction;
        uint64 joinedAt;
    }

    enum ProposalKind {
        None,
        AddMember,
        RemoveMember,
        UpdateMember,
        ApproveProgram,
        RevokeProgram,
        SetThreshold
    }

    enum ProposalStatus {
        None,
        Open,
        Executed,
        Expired
    }

    struct Proposal {
        ProposalKind kind;
        bool executed;
        address proposer;
        uint64 createdAt;
        uint64 expiresAt;
        address target;
        bytes32 programHash;
        uint256 newThreshold;
        MemberInfo info;
        address[] voters;
    }

    /// What `getProposal` returns: the stored proposal plus its computed status and the number of
    /// votes from current members.
    struct ProposalView {
        uint256 id;
        ProposalKind kind;
        ProposalStatus status;
        address proposer;
        uint64 createdAt;
        uint64 expiresAt;
        address target;
        bytes32 programHash;
        uint256 newThreshold;
        MemberInfo info;
        address[] voters;
        uint256 validVotes;
    }

    error NotMember(address account);
    error AlreadyMember(address account);
    error ZeroAddress();
    error InvalidThreshold(uint256 threshold, uint256 memberCount);
    error InvalidProposalLifetime(uint64 lifetime);
    error LengthMismatch(uint256 expected, uint256 actual);
    error UnknownProposal(uint256 proposalId);
    error ProposalExpired(uint256 proposalId, uint64 expiresAt);
    error ProposalAlreadyExecuted(uint256 proposalId);
    error AlreadyVoted(uint256 proposalId, address voter);
    error ProgramAlreadyApproved(bytes32 programHash);
    error ProgramNotApproved(bytes32 programHash);
    error EmptyProgramBundle(bytes32 programHash);

    event MemberAdded(address indexed account, string name, string endpoint, bytes tlsPublicKey, string jurisdiction);
    event MemberRemoved(address indexed account);
    event MemberUpdated(address indexed account, string name, string endpoint, bytes tlsPublicKey, string jurisdiction);
    event ProgramApproved(bytes32 indexed programHash);
    /// The published program of an approve-program proposal: the bundle nodes run and the sources
    /// members read (UTF-8 JSON `{ path: text }`). Emitted, not stored (log data costs a fraction
    /// of storage); nodes index it, recompute the hash over `bundle` and refuse a mismatch. The
    /// contract cannot check that `programHash` is the hash of `bundle` (it has no engine), so it
    /// does not try.
    event ProgramPublished(
        bytes32 indexed programHash,
        uint256 indexed proposalId,
        string name,
        string version,
        bytes bundle,
        bytes sources
    );
    event ProgramRevoked(bytes32 indexed programHash);
    event ThresholdChanged(uint256 oldThreshold, uint256 newThreshold);
    event ProposalCreated(uint256 indexed proposalId, ProposalKind kind, address indexed proposer, uint64 expiresAt);
    event Voted(uint256 indexed proposalId, address indexed voter);
    event ProposalExecuted(uint256 indexed proposalId, ProposalKind kind);

    uint256 public threshold;
    uint64 public immutable proposalLifetime;
    uint256 public proposalCount;

    mapping(address => Member) private _members;
    mapping(address => uint256) private _memberIndex; // index + 1 in _memberList; 0 = not a member
    address[] private _memberList;
    mapping(bytes32 => bool) private _approvedPrograms;
    mapping(uint256 => Proposal) private _proposals;
    mapping(uint256 => mapping(address => bool)) private _voted;

    modifier onlyMember() {
        if (_memberIndex[msg.sender] == 0) revert NotMember(msg.sender);
        _;
    }

    constructor(
        address[] memory accounts,
        MemberInfo[] memory infos,
        uint256 threshold_,
        uint64 proposalLifetime_
    ) {
        if (accounts.length != infos.length) revert LengthMismatch(accounts.length, infos.length);
        if (threshold_ == 0 || threshold_ > accounts.length) revert InvalidThreshold(threshold_, accounts.length);
        if (proposalLifetime_ == 0) revert InvalidProposalLifetime(proposalLifetime_);
        for (uint256 i = 0; i < accounts.length; i++) {
            _addMember(accounts[i], infos[i]);
        }
        threshold = threshold_;
        proposalLifetime = proposalLifetime_;
        emit ThresholdChanged(0, threshold_);
    }

    // ----- proposals -----

    function proposeAddMember(address account, MemberInfo calldata info) external onlyMember returns (uint256) {
        if (account == address(0)) revert ZeroAddress();
        if (_memberIndex[account] != 0) revert AlreadyMember(account);
        uint256 id = _newProposal(ProposalKind.AddMember);
        Proposal storage p = _proposals[id];
        p.target = account;
        p.info = info;
        _vote(id, p);
        return id;
    }

    function proposeRemoveMember(address account) external onlyMember returns (uint256) {
        if (_memberIndex[account] == 0) revert NotMember(account);
        if (_memberList.length - 1 < threshold) revert InvalidThreshold(threshold, _memberList.length - 1);
        uint256 id = _newProposal(ProposalKind.RemoveMember);
        Proposal storage p = _proposals[id];
        p.target = account;
        _vote(id, p);
        return id;
    }

    /// Rotates a member's endpoint and TLS key (and may correct its name or jurisdiction). The
    /// member's chain address is its identity and is not changed here.
    function proposeUpdateMember(address account, MemberInfo calldata info) external onlyMember returns (uint256) {
        if (_memberIndex[account] == 0) revert NotMember(account);
        uint256 id = _newProposal(ProposalKind.UpdateMember);
        Proposal storage p = _proposals[id];
        p.target = account;
        p.info = info;
        _vote(id, p);
        return id;
    }

    /// Proposes to approve a program and publishes it: `bundle` is the exact artifact nodes run,
    /// `sources` what members read (see `ProgramPublished`). Every node checks that `programHash`
    /// is the code hash of `bundle` before it loads it.
    function proposeApproveProgram(
        bytes32 programHash,
        string calldata name,
        string calldata version,
        bytes calldata bundle,
        bytes calldata sources
    ) external onlyMember returns (uint256) {
        if (_approvedPrograms[programHash]) revert ProgramAlreadyApproved(programHash);
        if (bundle.length == 0) revert EmptyProgramBundle(programHash);
        uint256 id = _newProposal(ProposalKind.ApproveProgram);
        Proposal storage p = _proposals[id];
        p.programHash = programHash;
        emit ProgramPublished(programHash, id, name, version, bundle, sources);
        _vote(id, p);
        return id;
    }

    function proposeRevokeProgram(bytes32 programHash) external onlyMember returns (uint256) {
        if (!_approvedPrograms[programHash]) revert ProgramNotApproved(programHash);
        uint256 id = _newProposal(ProposalKind.RevokeProgram);
        Proposal storage p = _proposals[id];
        p.programHash = programHash;
        _vote(id, p);
        return id;
    }

    function proposeThreshold(uint256 newThreshold) external onlyMember returns (uint256) {
        if (newThreshold == 0 || newThreshold > _memberList.length) {
            revert InvalidThreshold(newThreshold, _memberList.length);
        }
        uint256 id = _newProposal(ProposalKind.SetThreshold);
        Proposal storage p = _proposals[id];
        p.newThreshold = newThreshold;
        _vote(id, p);
        return id;
    }

    /// Votes for an open proposal; executes it when the votes of current members reach the threshold.
    function vote(uint256 proposalId) external onlyMember {
        Proposal storage p = _proposals[proposalId];
        if (p.kind == ProposalKind.None) revert UnknownProposal(proposalId);
        if (p.executed) revert ProposalAlreadyExecuted(proposalId);
        if (block.timestamp >= p.expiresAt) revert ProposalExpired(proposalId, p.expiresAt);
        if (_voted[proposalId][msg.sender]) revert AlreadyVoted(proposalId, msg.sender);
        _vote(proposalId, p);
    }

    // ----- views -----

    function isMember(address account) external view returns (bool) {
        return _memberIndex[account] != 0;
    }

    function memberCount() external view returns (uint256) {
        return _memberList.length;
    }

    function getMember(address account) external view returns (Member memory) {
        if (_memberIndex[account] == 0) revert NotMember(account);
        return _members[account];
    }

    function getMembers() external view returns (Member[] memory out) {
        out = new Member[](_memberList.length);
        for (uint256 i = 0; i < _memberList.length; i++) {
            out[i] = _members[_memberList[i]];
        }
    }

    function isProgramApproved(bytes32 programHash) external view returns (bool) {
        return _approvedPrograms[programHash];
    }

    function hasVoted(uint256 proposalId, address account) external view returns (bool) {
        return _voted[proposalId][account];
    }

    function getProposal(uint256 proposalId) external view returns (ProposalView memory v) {
        Proposal storage p = _proposals[proposalId];
        if (p.kind == ProposalKind.None) revert UnknownProposal(proposalId);
        v.id = proposalId;
        v.kind = p.kind;
        v.status = p.executed
            ? ProposalStatus.Executed
            : (block.timestamp >= p.expiresAt ? ProposalStatus.Expired : ProposalStatus.Open);
        v.proposer = p.proposer;
        v.createdAt = p.createdAt;
        v.expiresAt = p.expiresAt;
        v.target = p.target;
        v.programHash = p.programHash;
        v.newThreshold = p.newThreshold;
        v.info = p.info;
        v.voters = p.voters;
        v.validVotes = _validVotes(p);
    }

    // ----- internals -----

    function _newProposal(ProposalKind kind) private returns (uint256 id) {
        id = ++proposalCount;
        Proposal storage p = _proposals[id];
        p.kind = kind;
        p.proposer = msg.sender;
        p.createdAt = uint64(block.timestamp);
        p.expiresAt = uint64(block.timestamp) + proposalLifetime;
        emit ProposalCreated(id, kind, msg.sender, p.expiresAt);
    }

    function _vote(uint256 id, Proposal storage p) private {
        _voted[id][msg.sender] = true;
        p.voters.push(msg.sender);
        emit Voted(id, msg.sender);
        if (_validVotes(p) >= threshold) _execute(id, p);
    }

    function _validVotes(Proposal storage p) private view returns (uint256 n) {
        address[] storage voters = p.voters;
        for (uint256 i = 0; i < voters.length; i++) {
            if (_memberIndex[voters[i]] != 0) n++;
        }
    }

    /// Re-checks every precondition against the current state: the state may have changed since
    /// the proposal was made, and a proposal that no longer applies must not pass.
    function _execute(uint256 id, Proposal storage p) private {
        p.executed = true;
        ProposalKind kind = p.kind;
        if (kind == ProposalKind.AddMember) {
            if (_memberIndex[p.target] != 0) revert AlreadyMember(p.target);
            _addMember(p.target, p.info);
        } else if (kind == ProposalKind.RemoveMember) {
            _removeMember(p.target);
        } else if (kind == ProposalKind.UpdateMember) {
            address account = p.target;
            if (_memberIndex[account] == 0) revert NotMember(account);
            Member storage m = _members[account];
            m.name = p.info.name;
            m.endpoint = p.info.endpoint;
            m.tlsPublicKey = p.info.tlsPublicKey;
            m.jurisdiction = p.info.jurisdiction;
            emit MemberUpdated(account, m.name, m.endpoint, m.tlsPublicKey, m.jurisdiction);
        } else if (kind == ProposalKind.ApproveProgram) {
            if (_approvedPrograms[p.programHash]) revert ProgramAlreadyApproved(p.programHash);
            _approvedPrograms[p.programHash] = true;
            emit ProgramApproved(p.programHash);
        } else if (kind == ProposalKind.RevokeProgram) {
            if (!_approvedPrograms[p.programHash]) revert ProgramNotApproved(p.programHash);
            _approvedPrograms[p.programHash] = false;
            emit ProgramRevoked(p.programHash);
        } else {
            if (p.newThreshold == 0 || p.newThreshold > _memberList.length) {
                revert InvalidThreshold(p.newThreshold, _memberList.length);
            }
            emit ThresholdChanged(threshold, p.newThreshold);
            threshold = p.newThreshold;
        }
        emit ProposalExecuted(id, kind);
    }

    function _addMember(address account, MemberInfo memory info) private {
        if (account == address(0)) revert ZeroAddress();
        if (_memberIndex[account] != 0) revert AlreadyMember(account);
        _memberList.push(account);
        _memberIndex[account] = _memberList.length;
        _members[account] = Member({
            account: account,
            name: info.name,
            endpoint: info.endpoint,
            tlsPublicKey: info.tlsPublicKey,
            jurisdiction: info.jurisdiction,
            joinedAt: uint64(block.timestamp)
        });
        emit MemberAdded(account, info.name, info.endpoint, info.tlsPublicKey, info.jurisdiction);
    }

    function _removeMember(address account) private {
        uint256 idx = _memberIndex[account];
        if (idx == 0) revert NotMember(account);
        if (_memberList.length - 1 < threshold) revert InvalidThreshold(threshold, _memberList.length - 1);
        address last = _memberList[_memberList.length - 1];
        _memberList[idx - 1] = last;
        _memberIndex[last] = idx;
        _memberList.pop();
        delete _memberIndex[account];
        delete _members[account];
        emit MemberRemoved(account);
    }
}
