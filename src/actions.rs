//! The registry of actions (`design.md` §1) — placeholder.
