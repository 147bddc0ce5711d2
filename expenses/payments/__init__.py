"""Cards and accounts (결제수단) and the rules that match what they report to the ledger's entries."""
