// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @title Artist
/// @notice One artist's catalogue and tip jar (PROTOCOL.md §3). Listeners tip a track to gain
/// access to its key; tips accumulate here until the owner withdraws them (pull payment).
/// @dev Deployed by `ArtistFactory` as a minimal clone and set up through `initialize`. The
/// implementation behind the clones is constructed with owner zero and locked; a constructor
/// with a real owner gives a plain, fully initialised deployment (measured by the gas bench).
contract Artist is Initializable, ReentrancyGuardTransient {
    // ─────────────────────────────────────────────────────────────────────────────────────────
    // Errors
    // ─────────────────────────────────────────────────────────────────────────────────────────

    /// @notice `caller` is not this artist's owner.
    error NotArtistOwner(address caller);
    /// @notice An artist contract needs a non-zero owner.
    error ZeroOwner();
    /// @notice No track has id `trackId` (ids count from 0 up to `trackCount() - 1`).
    error UnknownTrack(uint256 trackId);
    /// @notice The track was retired by its artist and takes no more tips.
    error TrackRetired(uint256 trackId);
    /// @notice The tip `sent` is below the track's `price`.
    error TipTooLow(uint256 sent, uint256 price);
    /// @notice The contract holds no funds to withdraw.
    error NothingToWithdraw();
    /// @notice Withdrawing to the zero address would burn the funds.
    error WithdrawToZeroAddress();
    /// @notice The recipient `to` did not accept the payment.
    error WithdrawFailed(address to);

    // ─────────────────────────────────────────────────────────────────────────────────────────
    // Events
    // ─────────────────────────────────────────────────────────────────────────────────────────

    /// @notice A track was added to the catalogue.
    /// @param trackId The new track's id.
    /// @param metadataCid IPFS CID of the public metadata JSON.
    /// @param audioCid IPFS CID of the encrypted audio container.
    /// @param contentHash Hash of the encrypted audio container.
    /// @param keyCommitment Commitment to the track key.
    /// @param price Minimum tip in wei.
    event TrackPublished(
        uint256 indexed trackId,
        string metadataCid,
        string audioCid,
        bytes32 contentHash,
        bytes32 keyCommitment,
        uint256 price
    );
    /// @notice A track's price changed; access already granted is unaffected.
    /// @param trackId The track.
    /// @param price The new minimum tip in wei.
    event PriceChanged(uint256 indexed trackId, uint256 price);
    /// @notice A track was retired: it takes no more tips, access already granted stays.
    /// @param trackId The track.
    event Retired(uint256 indexed trackId);
    /// @notice A listener tipped a track and now has access to it.
    /// @param trackId The track.
    /// @param listener The account that tipped and gained access.
    /// @param amount The whole tip in wei.
    event Tipped(uint256 indexed trackId, address indexed listener, uint256 amount);
    /// @notice The whole balance was paid out.
    /// @param to The recipient the owner chose.
    /// @param amount The amount paid in wei.
    event Withdrawn(address indexed to, uint256 amount);

    // ─────────────────────────────────────────────────────────────────────────────────────────
    // Storage
    // ─────────────────────────────────────────────────────────────────────────────────────────

    struct Track {
        string metadataCid;
        string audioCid;
        bytes32 contentHash;
        bytes32 keyCommitment;
        uint256 price;
        bool retired;
    }

    address private _owner;
    string private _name;
    Track[] private _tracks;
    mapping(uint256 trackId => mapping(address listener => bool)) private _access;

    // ─────────────────────────────────────────────────────────────────────────────────────────
    // Modifiers
    // ─────────────────────────────────────────────────────────────────────────────────────────

    modifier onlyOwner() {
        if (msg.sender != _owner) revert NotArtistOwner(msg.sender);
        _;
    }

    modifier existingTrack(uint256 trackId) {
        if (trackId >= _tracks.length) revert UnknownTrack(trackId);
        _;
    }

    // ─────────────────────────────────────────────────────────────────────────────────────────
    // Setup
    // ─────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Locks the implementation (zero owner) or sets up a plain, non-clone deployment.
    /// @param owner_ The artist's account, or zero to lock this contract as the clones' implementation.
    /// @param name_ The artist's display name (ignored when `owner_` is zero).
    constructor(address owner_, string memory name_) {
        if (owner_ == address(0)) {
            _disableInitializers();
        } else {
            initialize(owner_, name_);
        }
    }

    /// @notice Sets the owner and name of a fresh clone; callable once, by the factory in the same
    /// transaction that creates the clone.
    /// @param owner_ The artist's account, which alone may publish, change prices and withdraw.
    /// @param name_ The artist's display name.
    function initialize(address owner_, string memory name_) public initializer {
        if (owner_ == address(0)) revert ZeroOwner();
        _owner = owner_;
        _name = name_;
    }

    // ─────────────────────────────────────────────────────────────────────────────────────────
    // Catalogue (owner only)
    // ─────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Adds a track to the catalogue.
    /// @param metadataCid IPFS CID of the public metadata JSON (PROTOCOL.md §4).
    /// @param audioCid IPFS CID of the encrypted `BSK1` container.
    /// @param contentHash Hash of the container, so listeners can check what they fetched.
    /// @param keyCommitment Commitment to the track key, checked by listeners after unlocking.
    /// @param price Minimum tip in wei that grants access.
    /// @return trackId The new track's id; ids count from 0.
    function publishTrack(
        string calldata metadataCid,
        string calldata audioCid,
        bytes32 contentHash,
        bytes32 keyCommitment,
        uint256 price
    ) external onlyOwner returns (uint256 trackId) {
        trackId = _tracks.length;
        _tracks.push(Track(metadataCid, audioCid, contentHash, keyCommitment, price, false));
        emit TrackPublished(trackId, metadataCid, audioCid, contentHash, keyCommitment, price);
    }

    /// @notice Changes the minimum tip for a track; listeners who already tipped keep access.
    /// @param trackId The track to reprice.
    /// @param price The new minimum tip in wei.
    function setPrice(uint256 trackId, uint256 price) external onlyOwner existingTrack(trackId) {
        _tracks[trackId].price = price;
        emit PriceChanged(trackId, price);
    }

    /// @notice Stops a track from taking tips; listeners who already tipped keep access.
    /// @param trackId The track to retire.
    function retireTrack(uint256 trackId) external onlyOwner existingTrack(trackId) {
        _tracks[trackId].retired = true;
        emit Retired(trackId);
    }

    // ─────────────────────────────────────────────────────────────────────────────────────────
    // Tips and payouts
    // ─────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Tips a track and records access to it for the sender. Tipping more than the
    /// price is welcome; the whole amount goes to the artist.
    /// @param trackId The track to tip; it must exist and not be retired, and `msg.value >= price`.
    function tip(uint256 trackId) external payable nonReentrant existingTrack(trackId) {
        Track storage track_ = _tracks[trackId];
        if (track_.retired) revert TrackRetired(trackId);
        if (msg.value < track_.price) revert TipTooLow(msg.value, track_.price);
        _access[trackId][msg.sender] = true;
        emit Tipped(trackId, msg.sender, msg.value);
    }

    /// @notice Pays the contract's whole balance to `to`. Reverts with `NothingToWithdraw`
    /// when the balance is zero, so a payout that moves nothing is never reported as done.
    /// @param to The address that receives the funds (the owner's choice).
    function withdraw(address payable to) external onlyOwner nonReentrant {
        if (to == address(0)) revert WithdrawToZeroAddress();
        uint256 amount = address(this).balance;
        if (amount == 0) revert NothingToWithdraw();
        // The balance is the ledger: there is no stored state to update before the call, and the
        // reentrancy guard keeps `to` from calling back into `tip` or `withdraw` meanwhile.
        (bool sent, ) = to.call{value: amount}("");
        if (!sent) revert WithdrawFailed(to);
        emit Withdrawn(to, amount);
    }

    // ─────────────────────────────────────────────────────────────────────────────────────────
    // Views
    // ─────────────────────────────────────────────────────────────────────────────────────────

    /// @notice The artist's account.
    function owner() external view returns (address) {
        return _owner;
    }

    /// @notice The artist's display name.
    function name() external view returns (string memory) {
        return _name;
    }

    /// @notice How many tracks were ever published (retired ones included).
    function trackCount() external view returns (uint256) {
        return _tracks.length;
    }

    /// @notice A track's stored fields.
    /// @param trackId The track to read; reverts with `UnknownTrack` if it does not exist.
    /// @return metadataCid IPFS CID of the public metadata JSON.
    /// @return audioCid IPFS CID of the encrypted audio container.
    /// @return contentHash Hash of the encrypted audio container.
    /// @return keyCommitment Commitment to the track key.
    /// @return price Minimum tip in wei.
    /// @return retired Whether the track no longer takes tips.
    function track(
        uint256 trackId
    )
        external
        view
        existingTrack(trackId)
        returns (
            string memory metadataCid,
            string memory audioCid,
            bytes32 contentHash,
            bytes32 keyCommitment,
            uint256 price,
            bool retired
        )
    {
        Track storage track_ = _tracks[trackId];
        return (
            track_.metadataCid,
            track_.audioCid,
            track_.contentHash,
            track_.keyCommitment,
            track_.price,
            track_.retired
        );
    }

    /// @notice Whether `listener` has tipped `trackId` at or above its price at the time.
    /// @param trackId The track; unknown ids give false.
    /// @param listener The account to check.
    function hasAccess(uint256 trackId, address listener) external view returns (bool) {
        return _access[trackId][listener];
    }
}
