// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {Artist} from "./Artist.sol";

/// @title ArtistFactory
/// @notice Makes each artist their own `Artist` contract (PROTOCOL.md §3); one factory per network.
/// @dev Each artist contract is an EIP-1167 minimal clone of one locked implementation that this
/// factory deploys in its constructor (at the factory's first CREATE address, nonce 1).
contract ArtistFactory {
    // ─────────────────────────────────────────────────────────────────────────────────────────
    // Events
    // ─────────────────────────────────────────────────────────────────────────────────────────

    /// @notice `owner` created the artist contract `artist` under the display name `name`.
    /// @param owner The caller, who owns the new contract.
    /// @param artist The new artist contract.
    /// @param name The artist's display name.
    event ArtistCreated(address indexed owner, address indexed artist, string name);

    // ─────────────────────────────────────────────────────────────────────────────────────────
    // Storage
    // ─────────────────────────────────────────────────────────────────────────────────────────

    address private immutable _implementation;
    mapping(address artist => bool) private _isArtist;

    constructor() {
        _implementation = address(new Artist(address(0), ""));
    }

    // ─────────────────────────────────────────────────────────────────────────────────────────
    // Functions
    // ─────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Deploys an artist contract owned by the caller. An account may create several.
    /// @param name The artist's display name.
    /// @return artist The new artist contract's address.
    function createArtist(string calldata name) external returns (address artist) {
        artist = Clones.clone(_implementation);
        // The clone runs our own code, so initialising it before the bookkeeping is safe.
        Artist(artist).initialize(msg.sender, name);
        _isArtist[artist] = true;
        emit ArtistCreated(msg.sender, artist, name);
    }

    /// @notice Whether `artist` is an artist contract made by this factory.
    /// @param artist The address to check.
    function isArtist(address artist) external view returns (bool) {
        return _isArtist[artist];
    }
}
