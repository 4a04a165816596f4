// The local development network's chain id. Apart from developmentAccounts.ts (which derives the
// accounts with ethers) so that `busker wallet --help` can name it without loading ethers.

/** Anvil's chain id, which the devnet keeps. */
export const developmentChainId = 31337;
