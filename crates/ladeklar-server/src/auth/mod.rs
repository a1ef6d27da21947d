//! Who is asking: the sign-in token from the request (cookie, bearer header, or the live
//! view's `access_token`), the CSRF check for cookie-signed requests, the cookies
//! themselves, and password hashing off the async threads. Whether the caller may do what
//! they ask is core's `accounts::access::authorize`, asked through [`Caller::allow`].

mod caller;
pub mod cookies;
pub mod csrf;
mod hashing;

pub use caller::{Caller, ClientAddress, PeerAddr, Via};
pub use hashing::Hasher;
