//! End-to-end tests: the real server on a free 127.0.0.1 port with a fresh SQLite database,
//! chargers over real OCPP 1.6J WebSockets (the simulator, or a scripted charge point that
//! sends exactly the frames a test needs), and an HTTP client.

mod access_matrix;
mod accounts;
mod bad_input;
mod cases;
mod chaos;
mod charger_log;
mod cluster;
mod cluster_kill;
mod commands;
mod compression;
mod cors;
mod fake_stripe;
mod field_visits;
mod finder;
mod mailbox;
mod ocpp_protocol;
mod offline_replay;
mod owner_portal;
mod password_rotation;
mod payments;
mod photo_heic;
mod photo_store_s3;
mod postgres_restart;
mod prices;
mod quarantine;
mod scripted_session;
mod security;
mod security_extension;
mod security_profile_3;
mod signed_transfers;
mod sim_scenario;
mod simulated_session;
mod statements;
mod support;
mod test_fleet;
mod tls;
mod tokens;
