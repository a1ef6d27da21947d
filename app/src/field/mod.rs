//! The technician's field visits on the phone (staff build, issue 18): work orders kept in
//! the browser's IndexedDB ([`store`]) as worked here by core's rules ([`visit`]), and the
//! [`outbox`] of check-ins, photos and reports that go to the server when there is a
//! connection, each exactly once.

pub mod outbox;
pub mod store;
pub mod visit;
