//! The Ladeklar HTTP API's shape, written down once: every request and response body under
//! `/api/v1`. The server serializes these, the UI deserializes them.
//!
//! Money is `{"excl_vat": "12.34", "incl_vat": "15.43"}` with decimal strings; energy and
//! power are decimal strings too; instants are RFC 3339 UTC.

pub mod accounts;
pub mod cases;
pub mod certificates;
pub mod chargers;
pub mod commands;
pub mod field;
pub mod operations;
pub mod owners;
pub mod payments;
pub mod prices;
pub mod problem;
pub mod sessions;
pub mod transfers;

pub use accounts::*;
pub use cases::*;
pub use certificates::*;
pub use chargers::*;
pub use commands::*;
pub use field::*;
pub use operations::*;
pub use owners::*;
pub use payments::*;
pub use prices::*;
pub use problem::*;
pub use sessions::*;
pub use transfers::*;
