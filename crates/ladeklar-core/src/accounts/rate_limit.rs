//! The sign-in limiter: recent failures of an account (or from an address) and `now` →
//! allowed, or locked until when.
//!
//! A lock starts at a failure that is the `max_failures`-th within `window` (counting
//! itself) and lasts `lock_for` from that failure. [`SignInLimit::PER_ACCOUNT`]: 5 failures
//! in 15 minutes lock the account for 15 minutes; [`SignInLimit::PER_ADDRESS`]: 20 failures
//! from one address in 15 minutes lock that address for 15 minutes (many people may share
//! one address behind a NAT). The server asks both and takes [`SignInVerdict::stricter`].
//!
//! **The server must not record attempts refused by a lock as failures** (the password is
//! not even checked then): otherwise anyone could keep a stranger's account locked forever
//! by guessing once every few minutes. And a locked account is answered the same whether the
//! e-mail is known or not, so the lock tells nothing about who has an account.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

/// How many failures within what window lock for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInLimit {
    pub max_failures: usize,
    pub window: TimeDelta,
    pub lock_for: TimeDelta,
}

impl SignInLimit {
    /// Per account (its e-mail key, also for an e-mail without an account).
    pub const PER_ACCOUNT: SignInLimit = SignInLimit {
        max_failures: 5,
        window: TimeDelta::minutes(15),
        lock_for: TimeDelta::minutes(15),
    };
    /// Per client address.
    pub const PER_ADDRESS: SignInLimit = SignInLimit {
        max_failures: 20,
        window: TimeDelta::minutes(15),
        lock_for: TimeDelta::minutes(15),
    };
}

/// May a sign-in be tried now?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum SignInVerdict {
    Allowed,
    Locked { until: DateTime<Utc> },
}

impl SignInVerdict {
    /// The stricter of two verdicts (the later lock).
    pub fn stricter(self, other: SignInVerdict) -> SignInVerdict {
        match (self, other) {
            (SignInVerdict::Allowed, v) | (v, SignInVerdict::Allowed) => v,
            (SignInVerdict::Locked { until: a }, SignInVerdict::Locked { until: b }) => {
                SignInVerdict::Locked { until: a.max(b) }
            }
        }
    }
}

/// The verdict at `now` given the failures' instants (any order; failures after `now`, a
/// clock's disagreement, are ignored). Only failures within `window + lock_for` before
/// `now` matter, so the store may keep just those.
pub fn check_sign_in(limit: SignInLimit, failures: &[DateTime<Utc>], now: DateTime<Utc>) -> SignInVerdict {
    if limit.max_failures == 0 {
        // A limit of no failures lets nobody try.
        return SignInVerdict::Locked {
            until: now + limit.lock_for,
        };
    }
    let mut past: Vec<DateTime<Utc>> = failures.iter().copied().filter(|&f| f <= now).collect();
    past.sort_unstable();
    // The latest failure that is the max_failures-th within the window ending at it.
    let mut lock_end: Option<DateTime<Utc>> = None;
    for (i, &f) in past.iter().enumerate() {
        if i + 1 >= limit.max_failures && f - past[i + 1 - limit.max_failures] < limit.window {
            lock_end = Some(f + limit.lock_for);
        }
    }
    match lock_end {
        Some(until) if now < until => SignInVerdict::Locked { until },
        _ => SignInVerdict::Allowed,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn t(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap() + TimeDelta::minutes(minutes)
    }

    const LIMIT: SignInLimit = SignInLimit::PER_ACCOUNT;

    #[test]
    fn four_failures_allow_the_fifth_try_and_five_lock() {
        let four = [t(0), t(1), t(2), t(3)];
        assert_eq!(check_sign_in(LIMIT, &four, t(4)), SignInVerdict::Allowed);
        let five = [t(0), t(1), t(2), t(3), t(4)];
        assert_eq!(
            check_sign_in(LIMIT, &five, t(4)),
            SignInVerdict::Locked { until: t(19) }
        );
        assert_eq!(
            check_sign_in(LIMIT, &five, t(18)),
            SignInVerdict::Locked { until: t(19) }
        );
        assert_eq!(check_sign_in(LIMIT, &five, t(19)), SignInVerdict::Allowed);
    }

    #[test]
    fn failures_spread_wider_than_the_window_do_not_lock() {
        let spread = [t(0), t(4), t(8), t(12), t(16)];
        assert_eq!(check_sign_in(LIMIT, &spread, t(16)), SignInVerdict::Allowed);
        // Order does not matter, nor do failures "from the future".
        let shuffled = [t(16), t(0), t(12), t(8), t(4), t(99)];
        assert_eq!(check_sign_in(LIMIT, &shuffled, t(16)), SignInVerdict::Allowed);
    }

    #[test]
    fn the_stricter_verdict_is_the_later_lock() {
        let a = SignInVerdict::Locked { until: t(5) };
        let b = SignInVerdict::Locked { until: t(9) };
        assert_eq!(a.stricter(b), b);
        assert_eq!(SignInVerdict::Allowed.stricter(a), a);
        assert_eq!(a.stricter(SignInVerdict::Allowed), a);
        assert_eq!(
            SignInVerdict::Allowed.stricter(SignInVerdict::Allowed),
            SignInVerdict::Allowed
        );
    }

    proptest! {
        /// Five failures inside one window: no attempt is allowed from the fifth until
        /// `lock_for` after it; from then on (no new failures) every attempt is.
        #[test]
        fn never_a_sixth_attempt_inside_the_window_always_after_it(
            offsets in prop::collection::vec(0i64..(15 * 60_000 - 1), 4),
            start in 0i64..1_000_000,
            wait in 0i64..(60 * 60_000),
        ) {
            let base = t(0) + TimeDelta::milliseconds(start);
            // Five failures within less than 15 minutes of the first.
            let mut failures: Vec<_> = offsets.iter().map(|&o| base + TimeDelta::milliseconds(o)).collect();
            failures.push(base);
            let last = *failures.iter().max().unwrap();
            let now = last + TimeDelta::milliseconds(wait);
            let verdict = check_sign_in(LIMIT, &failures, now);
            if now < last + LIMIT.lock_for {
                prop_assert_eq!(verdict, SignInVerdict::Locked { until: last + LIMIT.lock_for });
            } else {
                prop_assert_eq!(verdict, SignInVerdict::Allowed);
            }
        }

        /// Any history: a lock never ends before `now`, never lasts longer than `lock_for`
        /// after the latest failure, and fewer than five failures never lock.
        #[test]
        fn locks_are_bounded(
            minutes in prop::collection::vec(0i64..120, 0..12),
            now in 0i64..200,
        ) {
            let failures: Vec<_> = minutes.iter().map(|&m| t(m)).collect();
            let now = t(now);
            match check_sign_in(LIMIT, &failures, now) {
                SignInVerdict::Allowed => {}
                SignInVerdict::Locked { until } => {
                    prop_assert!(until > now);
                    let latest = failures.iter().copied().filter(|&f| f <= now).max().unwrap();
                    prop_assert!(until <= latest + LIMIT.lock_for);
                    prop_assert!(failures.iter().filter(|&&f| f <= now).count() >= LIMIT.max_failures);
                }
            }
        }
    }
}
