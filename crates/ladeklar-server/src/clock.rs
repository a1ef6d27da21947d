//! The server's clock for the rules that live by it: sign-in tokens, e-mailed links and the
//! sign-in limiter read `AppState::now()`, so tests move time forward (a link expiring after
//! 24 hours, a lock lifting after 15 minutes) without waiting and without timing asserts.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};

/// The system clock, plus an offset that only tests set.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + TimeDelta::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// A clock already `offset` ahead of the system's (tests: a server started "later").
    pub fn starting_at_offset(offset: TimeDelta) -> Self {
        let clock = Clock::default();
        clock.advance(offset);
        clock
    }

    /// Moves this clock (and every copy of it) forward by `by`.
    pub fn advance(&self, by: TimeDelta) {
        self.offset_ms.fetch_add(by.num_milliseconds(), Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_every_copy() {
        let clock = Clock::default();
        let copy = clock.clone();
        let before = copy.now();
        clock.advance(TimeDelta::hours(25));
        assert!(copy.now() - before >= TimeDelta::hours(25));
    }
}
