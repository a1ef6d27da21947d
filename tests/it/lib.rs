//! Shared nothing: the end-to-end tests live in `it/` (one test binary).
