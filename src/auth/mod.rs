//! auth placeholder
