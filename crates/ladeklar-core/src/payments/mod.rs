//! Paying for charging: the rules money moves by.
//!
//! - [`amount`]: amounts in a currency's minor unit (what Stripe counts), the spending cap a
//!   driver may choose, the hold it becomes, when a running cost has reached it and what is
//!   captured at the end.
//! - [`state`]: the payment state machine (hold requested → held → start sent → capture
//!   requested → captured, or released, failed, debt, refunded). Each transition names the
//!   one effect the server performs (a Stripe call, a RemoteStartTransaction), with an
//!   idempotency key derived from our own ids.
//! - [`standing`]: what an unpaid debt does to an account and its RFID tags.
//! - [`tag_uid`]: RFID card UIDs as readers write them, normalised.
//! - [`statement`]: monthly self-billing statements and credit notes to site owners.

pub mod amount;
pub mod receipt;
pub mod standing;
pub mod state;
pub mod statement;
pub mod tag_uid;

pub use amount::{AmountError, CapPolicy, CapRefusal, MinorUnits};
pub use standing::{tag_standing, AccountStanding};
pub use state::{Effect, Payment, PaymentEvent, PaymentKind, PaymentRefusal, PaymentState, Transition};
pub use tag_uid::{TagUid, TagUidError};
