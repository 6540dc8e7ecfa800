// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Consortium} from "./Consortium.sol";

/// @title Catalog: public metadata of the datasets that members offer for computation.
/// @notice Only metadata goes here (title, columns, row count, a content hash): never the data.
/// A member publishes a dataset under an id of its choosing; only its owner, while still a member,
/// may update or withdraw it. A withdrawn dataset stays readable for audit, cannot be updated, and
/// can no longer be granted or used in a job. Ids are never reused.
contract Catalog {
    struct Column {
        string name;
        string dataType;
        string unit;
    }

    struct DatasetInput {
        string title;
        string description;
        Column[] columns;
        uint64 rowCount;
        bytes32 contentHash;
        string[] tags;
        uint64 releaseTime;
    }

    struct Dataset {
        bytes32 id;
        address owner;
        string title;
        string description;
        Column[] columns;
        uint64 rowCount;
        bytes32 contentHash;
        string[] tags;
        uint64 releaseTime;
        uint64 publishedAt;
        uint64 updatedAt;
        bool withdrawn;
    }

    error NotMember(address account);
    error ZeroDatasetId();
    error DatasetExists(bytes32 datasetId);
    error DatasetNotFound(bytes32 datasetId);
    error DatasetIsWithdrawn(bytes32 datasetId);
    error NotDatasetOwner(bytes32 datasetId, address owner, address caller);

    event DatasetPublished(bytes32 indexed datasetId, address indexed owner, bytes32 contentHash, uint64 releaseTime);
    event DatasetUpdated(bytes32 indexed datasetId, address indexed owner, bytes32 contentHash, uint64 releaseTime);
    event DatasetWithdrawn(bytes32 indexed datasetId, address indexed owner);

    Consortium public immutable consortium;
    mapping(bytes32 => Dataset) private _datasets;
    bytes32[] private _ids;

    constructor(Consortium consortium_) {
        consortium = consortium_;
    }

    modifier onlyMember() {
        if (!consortium.isMember(msg.sender)) revert NotMember(msg.sender);
        _;
    }

    function publishDataset(bytes32 datasetId, DatasetInput calldata input) external onlyMember {
        if (datasetId == bytes32(0)) revert ZeroDatasetId();
        Dataset storage d = _datasets[datasetId];
        if (d.owner != address(0)) revert DatasetExists(datasetId);
        d.id = datasetId;
        d.owner = msg.sender;
        d.publishedAt = uint64(block.timestamp);
        _write(d, input);
        _ids.push(datasetId);
        emit DatasetPublished(datasetId, msg.sender, input.contentHash, input.releaseTime);
    }

    function updateDataset(bytes32 datasetId, DatasetInput calldata input) external onlyMember {
        Dataset storage d = _ownedActive(datasetId);
        _write(d, input);
        emit DatasetUpdated(datasetId, msg.sender, input.contentHash, input.releaseTime);
    }

    function withdrawDataset(bytes32 datasetId) external onlyMember {
        Dataset storage d = _ownedActive(datasetId);
        d.withdrawn = true;
        d.updatedAt = uint64(block.timestamp);
        emit DatasetWithdrawn(datasetId, msg.sender);
    }

    function getDataset(bytes32 datasetId) external view returns (Dataset memory) {
        Dataset storage d = _datasets[datasetId];
        if (d.owner == address(0)) revert DatasetNotFound(datasetId);
        return d;
    }

    /// The facts other contracts need, without copying strings: owner, release time, withdrawn.
    function datasetStatus(bytes32 datasetId) external view returns (address owner, uint64 releaseTime, bool withdrawn) {
        Dataset storage d = _datasets[datasetId];
        if (d.owner == address(0)) revert DatasetNotFound(datasetId);
        return (d.owner, d.releaseTime, d.withdrawn);
    }

    function datasetCount() external view returns (uint256) {
        return _ids.length;
    }

    /// Dataset ids in publication order, `offset` to `offset + limit` (clamped).
    function listDatasetIds(uint256 offset, uint256 limit) external view returns (bytes32[] memory out) {
        uint256 n = _ids.length;
        if (offset >= n) return new bytes32[](0);
        uint256 end = limit > n - offset ? n : offset + limit;
        out = new bytes32[](end - offset);
        for (uint256 i = offset; i < end; i++) out[i - offset] = _ids[i];
    }

    function _ownedActive(bytes32 datasetId) private view returns (Dataset storage d) {
        d = _datasets[datasetId];
        if (d.owner == address(0)) revert DatasetNotFound(datasetId);
        if (d.owner != msg.sender) revert NotDatasetOwner(datasetId, d.owner, msg.sender);
        if (d.withdrawn) revert DatasetIsWithdrawn(datasetId);
    }

    function _write(Dataset storage d, DatasetInput calldata input) private {
        d.title = input.title;
        d.description = input.description;
        delete d.columns;
        for (uint256 i = 0; i < input.columns.length; i++) d.columns.push(input.columns[i]);
        d.rowCount = input.rowCount;
        d.contentHash = input.contentHash;
        delete d.tags;
        for (uint256 i = 0; i < input.tags.length; i++) d.tags.push(input.tags[i]);
        d.releaseTime = input.releaseTime;
        d.updatedAt = uint64(block.timestamp);
    }
}
