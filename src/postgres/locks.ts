// The advisory-lock keys the tool takes, in one place so that no two of its purposes can share a
// key by accident. Each starts with 0x6e6378 ("ncx") to keep clear of other applications' keys.

/** Two `schema apply` runs at once would race on CREATE TYPE; this key serialises them (transaction-scoped). */
export const APPLY_LOCK = 0x6e6378_01;
/** Two migrators on one target would interleave upserts and checkpoints; this key refuses the second (held for the run). */
export const RUN_LOCK = 0x6e6378_02;
/** Creating, recreating or emptying the working tables: a run's ensureStage and `schema apply` one at a time (transaction-scoped). */
export const STAGE_LOCK = 0x6e6378_03;
/** Two `after-upgrade` runs would both find a value unrecorded and both write it; this key serialises them. */
export const AFTER_UPGRADE_LOCK = 0x6e6378_0a;
