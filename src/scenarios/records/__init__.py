"""Learning records: xAPI statements of playthroughs, an outbox in the store, and sync to an LRS."""
