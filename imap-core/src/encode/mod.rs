//! Command encoding (arrives in the next step).
