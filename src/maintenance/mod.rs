//! maintenance (not built yet).
