//! monitors (not built yet).
