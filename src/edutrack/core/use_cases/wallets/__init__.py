"""Money (§6): wallets and their ledger, balance additions, recharge codes."""
