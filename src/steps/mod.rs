//! steps (not built yet).
