//! The server's one typed configuration, from flags and environment.

use std::net::IpAddr;
use std::path::PathBuf;

use crate::cases::photo_store::{PhotoLocation, S3Settings};
use crate::cors::CorsOrigin;
use crate::map_tiles::TileUrl;

#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "ladeklar-server",
    about = "Ladeklar platform server: HTTP API, OCPP 1.6J central system, web UI"
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "LADEKLAR_BIND", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "LADEKLAR_PORT", default_value_t = 8080)]
    pub port: u16,
    /// Folder for the SQLite database, uploads being received and (by default) case photos.
    #[arg(long, env = "LADEKLAR_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// Database URL: `sqlite://…` or `postgres://…`; defaults to `sqlite://<data-dir>/ladeklar.db`.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    /// The built web UI (trunk's dist folder), served at `/`.
    #[arg(long, env = "LADEKLAR_UI_DIR")]
    pub ui_dir: Option<PathBuf>,
    /// Seed demo sites, chargers and tariffs when the database is empty.
    #[arg(long, env = "LADEKLAR_DEMO")]
    pub demo: bool,
    /// Start simulated chargers for every demo charger (needs --demo).
    #[arg(long, env = "LADEKLAR_SIMULATE")]
    pub simulate: bool,
    /// Meter value interval of the simulated chargers, seconds.
    #[arg(long, default_value_t = 3)]
    pub sim_meter_interval_s: u64,
    /// Where the simulated chargers connect (e.g. `ws://127.0.0.1:8080/ocpp`, a load balancer
    /// in front of several nodes); by default this server's own OCPP URL.
    #[arg(long, env = "LADEKLAR_SIM_OCPP_URL")]
    pub sim_ocpp_url: Option<String>,
    /// Heartbeat interval told to chargers in BootNotification, seconds.
    #[arg(long, default_value_t = 300)]
    pub heartbeat_interval_s: u32,
    /// Retry interval told to chargers whose BootNotification is answered Pending or Rejected, seconds.
    #[arg(long, default_value_t = 60)]
    pub boot_retry_interval_s: u32,
    /// A session under way with no message from its charger for this long is stuck, seconds.
    #[arg(long, env = "LADEKLAR_STUCK_AFTER_S", default_value_t = 3 * 3600)]
    pub stuck_after_s: u64,
    /// Charger log entries kept per charger (frames in and out, connection events).
    #[arg(long, env = "LADEKLAR_CHARGER_LOG_LIMIT", default_value_t = 1000)]
    pub charger_log_limit: u32,
    /// How long to wait for a charger's answer to a call, seconds.
    #[arg(long, default_value_t = 15)]
    pub call_timeout_s: u64,
    /// How long a started session may wait for the charger's StartTransaction, seconds.
    #[arg(long, default_value_t = 120)]
    pub start_timeout_s: u64,
    /// Benchmarks only (benches/fleet, needs --demo): register chargers `BENCH-00000`… up to
    /// this many, each with password `bench-key-<id>` and its id as an accepted id tag.
    #[arg(long, default_value_t = 0)]
    pub bench_chargers: u32,
    /// TLS certificate chain (PEM). With --tls-key the server serves HTTPS and WSS only
    /// (API, UI and OCPP: Security Profile 2); without both, plain HTTP and WS.
    #[arg(long, env = "LADEKLAR_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The TLS certificate's private key (PEM: PKCS#8, PKCS#1 or SEC1).
    #[arg(long, env = "LADEKLAR_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// A web origin (http(s)://host[:port]) whose pages may call the API from a browser
    /// (CORS); repeat for more, or a comma-separated list in the environment. None by default:
    /// the web UI is same-origin, and the desktop shell's origins are always allowed.
    #[arg(
        long = "cors-origin",
        env = "LADEKLAR_CORS_ORIGINS",
        value_name = "ORIGIN",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<CorsOrigin>,
    /// The SMTP server for account mails (confirmation and reset links):
    /// `smtp://host:port` (plain, a local relay), `smtp://host:port?tls=required` (STARTTLS),
    /// `smtps://host:port`, with `user:password@` if needed. Without it, sign-up and password
    /// resets answer 503 `mail_unavailable`.
    #[arg(long, env = "LADEKLAR_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of account mails.
    #[arg(
        long,
        env = "LADEKLAR_MAIL_FROM",
        default_value = "Ladeklar <no-reply@ladeklar.localhost>"
    )]
    pub mail_from: String,
    /// Where users reach the web UI (the base of links in mails), e.g. `https://ladeklar.no`;
    /// defaults to this server's own address.
    #[arg(long, env = "LADEKLAR_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Password hashes (argon2id, ≥ 50 ms of a core each) run at once at most; 0: one less
    /// than the cores, at least one.
    #[arg(long, env = "LADEKLAR_PASSWORD_HASH_THREADS", default_value_t = 0)]
    pub password_hash_threads: usize,
    /// Stripe's secret key: with it, sessions are paid (a card hold before the start, the
    /// exact total captured at the stop); without it, charging is free (development).
    #[arg(long, env = "LADEKLAR_STRIPE_SECRET_KEY", hide_env_values = true)]
    pub stripe_secret_key: Option<String>,
    /// Stripe's publishable key, handed to the app's Stripe.js.
    #[arg(long, env = "LADEKLAR_STRIPE_PUBLISHABLE_KEY")]
    pub stripe_publishable_key: Option<String>,
    /// Another Stripe API base than Stripe's own, e.g. the local fake `http://127.0.0.1:8420`.
    #[arg(long, env = "LADEKLAR_STRIPE_API_URL")]
    pub stripe_api_url: Option<String>,
    /// Where the app loads Stripe.js; defaults to Stripe's, or the fake's beside its API URL.
    #[arg(long, env = "LADEKLAR_STRIPE_JS_URL")]
    pub stripe_js_url: Option<String>,
    /// The signing secret of the Stripe webhook endpoint (`/api/v1/payments/stripe-webhook`).
    #[arg(long, env = "LADEKLAR_STRIPE_WEBHOOK_SECRET", hide_env_values = true)]
    pub stripe_webhook_secret: Option<String>,
    /// The least card payment in major units (e.g. `3.00`), when the Stripe account's
    /// settlement currency sets another than Stripe's usual minimum; a session costing less is
    /// not charged. `0` charges every amount (the fake Stripe takes anything).
    #[arg(long, env = "LADEKLAR_STRIPE_MINIMUM_CHARGE")]
    pub stripe_minimum_charge: Option<rust_decimal::Decimal>,
    /// Rotate each charger's password (AuthorizationKey, Security Profiles 1–2) once it has
    /// been in use this many days: each node sends a new key to the chargers connected to it,
    /// keeping the old one valid until the charger connects with the new. Off when not given.
    #[arg(long, env = "LADEKLAR_PASSWORD_ROTATION_DAYS", value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub password_rotation_days: Option<u32>,
    /// How often the rotation job looks for passwords that are due, seconds.
    #[arg(long, default_value_t = 300)]
    pub password_rotation_check_s: u64,
    /// The platform's fee on each paid session, in basis points of the amount incl. VAT
    /// (`500` = 5 %), stated on the owners' monthly self-billing statements.
    #[arg(long, env = "LADEKLAR_PLATFORM_FEE_BP", default_value_t = 500)]
    pub platform_fee_bp: u32,
    /// How often the reconciliation job compares unfinished payments with Stripe.
    #[arg(long, env = "LADEKLAR_RECONCILE_INTERVAL_S", default_value_t = 30)]
    pub reconcile_interval_s: u64,
    /// Tests only (no command-line flag or variable sets it): the server's clock starts this
    /// far ahead of the system's, as if started later (e.g. after an SLA deadline).
    #[arg(skip)]
    pub test_clock_offset: chrono::TimeDelta,
    /// A tile server for the app's map: a URL template with `{z}`, `{x}`, `{y}` (and
    /// optionally `{s}`, `{r}`), e.g. `https://tiles.example.no/{z}/{x}/{y}.png`. Without it
    /// the map draws country outlines only (no tile server needed).
    #[arg(long, env = "LADEKLAR_MAP_TILES_URL")]
    pub map_tiles_url: Option<TileUrl>,
    /// The bus between server nodes (several nodes on one PostgreSQL): a NATS server, e.g.
    /// `nats://127.0.0.1:4222`. Without it this server is the only node.
    #[arg(long, env = "LADEKLAR_NATS_URL")]
    pub nats_url: Option<String>,
    /// This node's id on the bus and in the jobs lease (unique per node); by default
    /// `<hostname>:<port>`.
    #[arg(long, env = "LADEKLAR_NODE_ID")]
    pub node_id: Option<String>,
    /// A proxy (its IP address) whose `X-Forwarded-For` names the client, e.g. HAProxy in
    /// front of several nodes: the sign-in limit then counts per client, not per proxy.
    /// Repeat for more, or a comma-separated list in the environment.
    #[arg(
        long = "trusted-proxy",
        env = "LADEKLAR_TRUSTED_PROXIES",
        value_name = "IP",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<IpAddr>,
    /// Where case photos are kept: a folder (default `<data-dir>/photos`), or S3-compatible
    /// object storage as `s3://bucket` or `s3://bucket/prefix` (the bucket must exist; with
    /// several nodes, every node must see the same photos: use S3 or one shared folder).
    #[arg(long, env = "LADEKLAR_PHOTO_STORE", value_name = "FOLDER|s3://BUCKET[/PREFIX]")]
    pub photo_store: Option<PhotoLocation>,
    /// The S3 endpoint for an S3-compatible service other than AWS (MinIO, Ceph, …), e.g.
    /// `https://s3.example.no` (path-style requests; `http://` is allowed when given so).
    /// Without it, AWS S3 (or `AWS_ENDPOINT_URL`).
    #[arg(long, env = "LADEKLAR_S3_ENDPOINT")]
    pub s3_endpoint: Option<String>,
    /// The S3 region; without it `AWS_REGION` / `AWS_DEFAULT_REGION`, else `us-east-1`.
    #[arg(long, env = "LADEKLAR_S3_REGION")]
    pub s3_region: Option<String>,
    /// The S3 access key id; without it `AWS_ACCESS_KEY_ID`, else the instance's credentials.
    #[arg(long, env = "LADEKLAR_S3_ACCESS_KEY_ID", hide_env_values = true)]
    pub s3_access_key_id: Option<String>,
    /// The S3 secret access key; without it `AWS_SECRET_ACCESS_KEY`. Prefer the environment
    /// to the flag (a flag is visible in the process list).
    #[arg(long, env = "LADEKLAR_S3_SECRET_ACCESS_KEY", hide_env_values = true)]
    pub s3_secret_access_key: Option<String>,
    /// The credit the tiles require, shown on the map, e.g. `© OpenStreetMap contributors`.
    #[arg(long, env = "LADEKLAR_MAP_TILES_ATTRIBUTION", requires = "map_tiles_url")]
    pub map_tiles_attribution: Option<String>,
}

impl Config {
    /// A configuration for tests: a free port on 127.0.0.1 and the given data folder, with
    /// the database in it, or with `LADEKLAR_TEST_POSTGRES_URL` set a PostgreSQL database of
    /// its own (`ladeklar_store::test_database_url`).
    pub fn for_tests(data_dir: PathBuf) -> Self {
        Self {
            database_url: ladeklar_store::test_database_url(&data_dir),
            bind: IpAddr::from([127, 0, 0, 1]),
            port: 0,
            data_dir,
            ui_dir: None,
            demo: true,
            simulate: false,
            sim_meter_interval_s: 1,
            heartbeat_interval_s: 300,
            boot_retry_interval_s: 60,
            stuck_after_s: 3 * 3600,
            charger_log_limit: 1000,
            call_timeout_s: 5,
            start_timeout_s: 30,
            bench_chargers: 0,
            tls_cert: None,
            tls_key: None,
            cors_origins: Vec::new(),
            smtp_url: None,
            mail_from: "Ladeklar <no-reply@ladeklar.localhost>".to_owned(),
            public_url: None,
            password_hash_threads: 0,
            stripe_secret_key: None,
            stripe_publishable_key: None,
            stripe_api_url: None,
            stripe_js_url: None,
            stripe_webhook_secret: None,
            stripe_minimum_charge: None,
            platform_fee_bp: 500,
            reconcile_interval_s: 30,
            password_rotation_days: None,
            password_rotation_check_s: 300,
            test_clock_offset: chrono::TimeDelta::zero(),
            map_tiles_url: None,
            map_tiles_attribution: None,
            nats_url: None,
            node_id: None,
            sim_ocpp_url: None,
            trusted_proxies: Vec::new(),
            photo_store: None,
            s3_endpoint: None,
            s3_region: None,
            s3_access_key_id: None,
            s3_secret_access_key: None,
        }
    }

    /// The S3 settings of `--photo-store s3://…`.
    pub fn s3_settings(&self) -> S3Settings {
        S3Settings {
            endpoint: self.s3_endpoint.clone(),
            region: self.s3_region.clone(),
            access_key_id: self.s3_access_key_id.clone(),
            secret_access_key: self.s3_secret_access_key.clone(),
        }
    }

    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", self.data_dir.join("ladeklar.db").display()))
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[test]
    fn cors_origins_are_none_by_default_and_repeatable_or_comma_separated() {
        // (LADEKLAR_CORS_ORIGINS is read with the same comma delimiter as a flag's value.)
        let config = Config::try_parse_from(["ladeklar-server"]).unwrap();
        assert!(config.cors_origins.is_empty());
        let config = Config::try_parse_from([
            "ladeklar-server",
            "--cors-origin",
            "https://portal.example.com",
            "--cors-origin",
            "http://localhost:3000,https://ops.example.com",
        ])
        .unwrap();
        let origins: Vec<String> = config.cors_origins.iter().map(ToString::to_string).collect();
        assert_eq!(
            origins,
            [
                "https://portal.example.com",
                "http://localhost:3000",
                "https://ops.example.com"
            ]
        );
    }

    #[test]
    fn a_bad_cors_origin_stops_the_start_naming_it() {
        let e =
            Config::try_parse_from(["ladeklar-server", "--cors-origin", "https://portal.example.com/"]).unwrap_err();
        let message = e.to_string();
        assert!(
            message.contains("--cors-origin") && message.contains("\"https://portal.example.com/\""),
            "{message}"
        );
    }
}
