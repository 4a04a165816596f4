// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Artist} from "../Artist.sol";
import {ArtistFactory} from "../ArtistFactory.sol";

/// @title ReentrantReceiver
/// @notice Test only: an artist owner whose `receive` calls back into its `Artist` (`withdraw` or
/// `tip`) while a withdrawal is paying it, and records what happened.
contract ReentrantReceiver {
    enum Attack {
        None,
        Withdraw,
        Tip
    }

    /// @notice The re-entrant call failed and this receiver was told to refuse the payment then.
    error ReentryBlocked(bytes reason);

    /// @notice The artist contract `receive` calls back into.
    Artist public artist;
    /// @notice What `receive` does.
    Attack public attack;
    /// @notice Whether `receive` reverts when its re-entrant call failed.
    bool public refuseWhenBlocked;
    /// @notice How many re-entrant calls `receive` made (at most one).
    uint256 public reentryCount;
    /// @notice Whether the re-entrant call succeeded.
    bool public reentrySucceeded;
    /// @notice The re-entrant call's revert data.
    bytes public reentryError;

    /// @notice Creates an artist contract owned by this receiver.
    /// @param factory The factory to use.
    function createArtist(ArtistFactory factory) external returns (address) {
        artist = Artist(factory.createArtist("Reentrant"));
        return address(artist);
    }

    /// @notice Publishes a track with the given price on this receiver's artist contract.
    /// @param price The track's price in wei.
    function publishTrack(uint256 price) external returns (uint256) {
        return artist.publishTrack("meta", "audio", bytes32(0), bytes32(0), price);
    }

    /// @notice Points this receiver at an artist contract it does not own.
    /// @param target The artist contract to call back into.
    function setArtist(Artist target) external {
        artist = target;
    }

    /// @notice Chooses what `receive` does and whether it refuses the payment when re-entry fails.
    /// @param attack_ The call to make from `receive`.
    /// @param refuseWhenBlocked_ Revert from `receive` when the re-entrant call fails.
    function arm(Attack attack_, bool refuseWhenBlocked_) external {
        attack = attack_;
        refuseWhenBlocked = refuseWhenBlocked_;
    }

    /// @notice Withdraws this receiver's artist balance to `to` (itself, usually).
    /// @param to The recipient.
    function withdrawTo(address payable to) external {
        artist.withdraw(to);
    }

    // Calling back from `receive` is this test contract's whole purpose.
    // solhint-disable no-complex-fallback
    /// @notice Makes the armed re-entrant call once, and records its outcome.
    receive() external payable {
        if (attack == Attack.None || reentryCount > 0) return;
        reentryCount += 1;
        bytes memory call = attack == Attack.Withdraw
            ? abi.encodeCall(Artist.withdraw, (payable(address(this))))
            : abi.encodeCall(Artist.tip, (0));
        uint256 value = attack == Attack.Tip ? msg.value : 0;
        (bool ok, bytes memory reason) = address(artist).call{value: value}(call);
        reentrySucceeded = ok;
        reentryError = reason;
        if (!ok && refuseWhenBlocked) revert ReentryBlocked(reason);
    }
    // solhint-enable no-complex-fallback
}
