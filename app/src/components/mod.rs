//! Pieces shared by the pages.

pub mod charger_card;
pub mod connector;
pub mod notice;
pub mod online;
