//! Pieces shared by the pages.

#[cfg(feature = "staff")]
pub mod bar_chart;
pub mod charger_card;
pub mod connector;
pub mod filters;
pub mod forms;
pub mod navigation;
pub mod notice;
pub mod offline;
pub mod online;
pub mod pay;
pub mod place_picker;
pub mod place_search;
pub mod require;
#[cfg(feature = "staff")]
pub mod role_editor;
#[cfg(feature = "staff")]
pub mod signature;
