// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Artist} from "../Artist.sol";

/// @title PlainArtistFactory
/// @notice Bench only: `ArtistFactory` with a full `new Artist(...)` per artist instead of a clone,
/// so bench/contractGas.bench.ts can compare the two in one run. Never deployed by the app.
contract PlainArtistFactory {
    /// @notice Same shape as `ArtistFactory.ArtistCreated`.
    /// @param owner The caller, who owns the new contract.
    /// @param artist The new artist contract.
    /// @param name The artist's display name.
    event ArtistCreated(address indexed owner, address indexed artist, string name);

    mapping(address artist => bool) private _isArtist;

    /// @notice Deploys a full artist contract owned by the caller.
    /// @param name The artist's display name.
    /// @return artist The new artist contract's address.
    function createArtist(string calldata name) external returns (address artist) {
        artist = address(new Artist(msg.sender, name));
        _isArtist[artist] = true;
        emit ArtistCreated(msg.sender, artist, name);
    }

    /// @notice Whether `artist` was made by this factory.
    /// @param artist The address to check.
    function isArtist(address artist) external view returns (bool) {
        return _isArtist[artist];
    }
}
