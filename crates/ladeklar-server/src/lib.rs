//! The Ladeklar platform server: the HTTP API, the OCPP 1.6J central system, storage, the
//! web UI, and (in demo mode) a fleet of simulated chargers connected over real WebSockets.
//!
//! `main.rs` is thin; tests start the same [`Server`] in-process on a free port.

mod accounts;
mod api;
mod auth;
mod cases;
mod charging;
pub mod charging_station_ca;
pub mod clock;
pub mod cluster;
mod config;
pub mod cors;
pub mod credentials;
pub mod demo;
mod error;
mod field;
pub mod finder;
pub mod live;
pub mod mail;
pub mod map_tiles;
pub mod ocpp;
pub mod password_rotation;
pub mod payments;
mod pdf;
mod statements;
mod tariff_words;
mod tls;
mod web_ui;

pub use config::Config;
pub use ladeklar_store::{provisioning, NewCharger, NewConnector, Registration, Store, StoreError};
pub use live::{LiveChange, LiveHub};
pub use tls::TlsError;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::routing::get;
use axum::Router;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub links: Arc<ocpp::ChargerLinks>,
    /// What changed, for live views, per session.
    pub live: Arc<LiveHub>,
    pub config: Arc<Config>,
    /// The clock of the account rules (tokens, links, the sign-in limiter); tests move it.
    pub clock: clock::Clock,
    pub mailer: mail::Mailer,
    pub hasher: auth::Hasher,
    /// Where users reach the web UI (`--public-url`, else this server's own URL): the base
    /// of the links in mails.
    pub public_url: Arc<str>,
    /// Every charger by place (the spatial index), kept current.
    pub finder: Arc<finder::Finder>,
    /// Each tariff's price in words, made once.
    pub tariff_words: Arc<tariff_words::TariffWords>,
    /// Stripe, when this server takes payment (`--stripe-secret-key`); charging is free without.
    pub payments: Option<Arc<payments::Payments>>,
    /// Case photos: where they are kept (`--photo-store`: a folder, by default under the
    /// data directory, or S3) and the folder uploads are received in.
    pub photos: cases::photos::Photos,
    /// This node: its id, the bus to the other nodes (`--nats-url`), the jobs lease.
    pub cluster: cluster::Cluster,
    /// The charging-station CA (Security Profile 3), in the data folder.
    pub ca: Arc<charging_station_ca::ChargingStationCa>,
}

impl AppState {
    /// The state of a server on `store` with `config`, reached at `public_url` (the base of
    /// mailed links). A bad `--smtp-url` or `--mail-from` stops it here.
    pub fn new(store: Store, config: Arc<Config>, public_url: &str) -> anyhow::Result<Self> {
        Ok(AppState {
            mailer: mail::Mailer::new(config.smtp_url.as_deref(), &config.mail_from)?,
            hasher: auth::Hasher::new(config.password_hash_threads),
            public_url: public_url.trim_end_matches('/').into(),
            clock: clock::Clock::starting_at_offset(config.test_clock_offset),
            photos: cases::photos::Photos::new(
                cases::photo_store::PhotoStore::open(
                    config.photo_store.as_ref(),
                    &config.s3_settings(),
                    &config.data_dir,
                )?,
                &config.data_dir,
            )?,
            ca: Arc::new(charging_station_ca::ChargingStationCa::load_or_create(
                &config.data_dir,
                chrono::Utc::now(),
            )?),
            finder: Arc::default(),
            tariff_words: Arc::default(),
            payments: payments::Payments::from_config(&config)?.map(Arc::new),
            store,
            links: Arc::default(),
            live: Arc::default(),
            config,
            cluster: cluster::Cluster::default(),
        })
    }

    /// Now, by the account rules' clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// Cookies marked Secure: served over TLS here, or behind a proxy that is (an https
    /// public URL).
    pub fn secure_cookies(&self) -> bool {
        self.config.tls_cert.is_some() || self.public_url.starts_with("https://")
    }

    /// A session's status or stored fields changed: its live views read it again.
    pub fn notify_session(&self, session_id: &str) {
        self.live.send(session_id, LiveChange::Session);
    }

    /// New meter samples were stored for a session: its live views forward them as they are.
    pub fn notify_samples(&self, session_id: &str, samples: Vec<ladeklar_core::session_events::StoredSample>) {
        self.live.send(session_id, LiveChange::Samples(samples.into()));
    }

    /// Appends to the charger log; a failure is logged, never fatal to the connection.
    pub async fn log_charger(&self, charger_id: &str, direction: &str, text: &str) {
        let logged = self
            .store
            .log_charger(
                charger_id,
                direction,
                text,
                self.config.charger_log_limit,
                chrono::Utc::now(),
            )
            .await;
        if let Err(e) = logged {
            tracing::error!(%charger_id, error = %e, "could not write the charger log");
        }
    }
}

/// Processes a case photo's file as an upload is (decoded under the limits, turned upright,
/// re-encoded without metadata, thumbnailed), for benchmarks; answers the stored JPEG's size.
pub fn process_case_photo(path: &std::path::Path) -> anyhow::Result<usize> {
    cases::photos::process(path)
        .map(|p| p.jpeg.len())
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// Resolves once the shutdown flag turns true (or its sender is gone).
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|stop| *stop).await;
}

/// Logs to stdout (tracing_subscriber::fmt's default; the chaos tests read it there), filtered by `RUST_LOG` (default: info for our crates).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}

/// The whole application router.
pub fn router(state: AppState) -> Router {
    let mut app = Router::new()
        .merge(api::router())
        .route("/ocpp/{charge_point_id}", get(ocpp::ocpp_upgrade))
        // The security extension's transfers: logs uploaded by chargers, firmware they fetch.
        .route(
            "/uploads/logs/{token}",
            axum::routing::put(ocpp::uploads::receive_log)
                .post(ocpp::uploads::receive_log)
                .layer(axum::extract::DefaultBodyLimit::max(ocpp::uploads::MAX_LOG_BYTES)),
        )
        .nest_service(
            "/firmware",
            ServeDir::new(state.config.data_dir.join(api::FIRMWARE_FOLDER)),
        )
        .route("/healthz", get(cluster::health::healthz))
        .route("/readyz", get(cluster::health::readyz));
    if let Some(dir) = &state.config.ui_dir {
        app = web_ui::serve(app, dir);
    }
    // Cross-origin callers: the desktop shell (its own origin, tauri://localhost) and the
    // configured --cors-origin list; the web UI is same-origin.
    // gzip for clients that ask (the UI's wasm, JS, CSS and the map's outlines, JSON lists);
    // tower-http's default predicate leaves Server-Sent Events, images and tiny bodies alone.
    app.layer(tower_http::compression::CompressionLayer::new().gzip(true))
        .layer(cors::layer(&state.config.cors_origins))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

fn ocpp_url(addr: SocketAddr, tls: bool) -> String {
    let scheme = if tls { "wss" } else { "ws" };
    format!("{scheme}://{addr}/ocpp")
}

/// A TCP socket bound to `bind:port` (address reuse as `TcpListener::bind` sets it), not yet
/// listening: nothing can connect to it until [`tokio::net::TcpSocket::listen`].
fn bound_socket(bind: std::net::IpAddr, port: u16) -> std::io::Result<tokio::net::TcpSocket> {
    let socket = match bind {
        std::net::IpAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
        std::net::IpAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
    };
    socket.set_reuseaddr(true)?;
    socket.bind(std::net::SocketAddr::new(bind, port))?;
    Ok(socket)
}

/// Serves `app` on `listener` (plain TCP or [`tls::TlsListener`]) until shutdown; open
/// connections finish their requests first.
async fn serve<L>(listener: L, app: Router, mut shutdown: watch::Receiver<bool>)
where
    L: axum::serve::Listener<Addr = SocketAddr>,
    auth::PeerAddr: for<'a> axum::extract::connect_info::Connected<axum::serve::IncomingStream<'a, L>>,
{
    // The client's address reaches handlers as `ConnectInfo` (the sign-in limiter's).
    let served = axum::serve(listener, app.into_make_service_with_connect_info::<auth::PeerAddr>())
        .with_graceful_shutdown(async move { stopped(&mut shutdown).await })
        .await;
    if let Err(e) = served {
        tracing::error!(error = %e, "HTTP server stopped");
    }
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    /// Serving HTTPS and WSS (a certificate is configured) instead of HTTP and WS.
    tls: bool,
    config: Arc<Config>,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
    store: Store,
    /// With `--demo`: the demo accounts in the database, for the start banner.
    demo_accounts: Vec<demo::DemoAccount>,
    clock: clock::Clock,
    public_url: String,
    /// For tests and operators: the handlers' state (reconciliation on demand).
    state: AppState,
}

impl Server {
    /// Opens the database, seeds demo data if asked, binds, serves, and starts the
    /// simulated chargers when configured.
    /// With `--tls-cert` and `--tls-key`, the certificate and key are checked first: a
    /// problem with either ends the start with a [`TlsError`] naming the file.
    pub async fn start(config: Config) -> anyhow::Result<Self> {
        let tls_files = tls::configured_files(config.tls_cert.as_deref(), config.tls_key.as_deref())?;
        // The files are checked before anything is set up (the data folder and its CA).
        if let Some((cert, key)) = tls_files {
            tls::server_config(cert, key, None)?;
        }
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("creating data folder {}", config.data_dir.display()))?;
        // Created on the first start; over TLS its client certificates are Security Profile 3.
        let ca = charging_station_ca::ChargingStationCa::load_or_create(&config.data_dir, chrono::Utc::now())?;
        let tls = match tls_files {
            Some((cert, key)) => Some(tls::server_config(cert, key, Some(ca.certificate_der()))?),
            None => None,
        };
        let store = Store::open(&config.database_url()).await.with_context(|| {
            format!(
                "opening the database {}",
                ladeklar_store::url_for_display(&config.database_url())
            )
        })?;
        let mut demo_accounts = Vec::new();
        if config.demo {
            demo::seed_if_empty(&store, chrono::Utc::now()).await?;
            demo::ensure_demo_passwords(&store).await?;
            demo::provision_bench_fleet(&store, config.bench_chargers, chrono::Utc::now()).await?;
            demo_accounts = demo::demo_accounts(&store).await?;
        }
        // The port is taken now (its address names the node) but takes no connections until
        // every check below has passed: `listen` comes last.
        let socket = bound_socket(config.bind, config.port)
            .with_context(|| format!("binding {}:{}", config.bind, config.port))?;
        let addr = socket.local_addr()?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        let public_url = match &config.public_url {
            Some(url) => url.clone(),
            None => format!("{scheme}://{addr}"),
        };
        let config = Arc::new(config);
        let mut state = AppState::new(store.clone(), config.clone(), &public_url)?;
        state.photos.store().check().await?;
        // The bus before serving: a node that cannot join its cluster takes no connections.
        let node_id = config
            .node_id
            .clone()
            .unwrap_or_else(|| cluster::default_node_id(addr.port()));
        state.cluster = cluster::Cluster::single(node_id.clone());
        if let Some(url) = &config.nats_url {
            let bus = cluster::Bus::connect(url, &node_id, &state.links, &state.live).await?;
            state.links.use_bus(bus.clone());
            state.cluster.bus = Some(bus);
        }
        state.finder.rebuild(&state.store, &state.links, state.now()).await?;
        let public_url = state.public_url().to_owned();
        let clock = state.clock.clone();
        let (shutdown, mut shutdown_rx) = watch::channel(false);
        let mut tasks = Vec::new();

        let listener = socket.listen(1024).with_context(|| format!("listening on {addr}"))?;
        let app = router(state.clone());
        let rx = shutdown_rx.clone();
        tasks.push(match &tls {
            Some(tls) => tokio::spawn(serve(tls::TlsListener::new(listener, tls.clone())?, app, rx)),
            None => tokio::spawn(serve(listener, app, rx)),
        });

        let jobs_state = state.clone();
        tasks.push(tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(5));
            let mut rebuild = tokio::time::interval(Duration::from_secs(60));
            rebuild.tick().await;
            let mut reconcile = tokio::time::interval(Duration::from_secs(jobs_state.config.reconcile_interval_s.max(1)));
            reconcile.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            // Self-billing statements: every minute (and at once), each owner's last month
            // that is over, on the server's clock; idempotent, so a repeat writes nothing.
            let mut statements = tokio::time::interval(Duration::from_secs(60));
            statements.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = tick.tick() => {
                        // Once across nodes: the node holding the jobs lease (renewed here).
                        if !jobs_state.cluster.take_jobs_lease(&jobs_state.store, jobs_state.now()).await {
                            continue;
                        }
                        jobs_state.cluster.job_rounds.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if let Err(e) = charging::expire_pending_sessions(&jobs_state, jobs_state.now()).await {
                            tracing::error!(error = ?e, "expiring pending sessions failed");
                        }
                    }
                    _ = reconcile.tick() => {
                        if !jobs_state.cluster.holds_jobs_lease() && jobs_state.store.backend() == ladeklar_store::Backend::Postgres {
                            continue;
                        }
                        if let Some(payments) = &jobs_state.payments {
                            match payments::reconcile::reconcile_all(&jobs_state, payments, chrono::Duration::seconds(10)).await {
                                Ok(0) => {}
                                Ok(n) => tracing::info!(moved = n, "reconciliation finished payments"),
                                Err(e) => tracing::warn!(error = %e, "reconciliation round failed"),
                            }
                        }
                    }
                    _ = statements.tick() => {
                        if !jobs_state.cluster.holds_jobs_lease() && jobs_state.store.backend() == ladeklar_store::Backend::Postgres {
                            continue;
                        }
                        match statements::issue_due(&jobs_state, jobs_state.now()).await {
                            Ok(0) => {}
                            Ok(n) => tracing::info!(documents = n, "the statements job issued documents"),
                            Err(e) => tracing::warn!(error = %e, "the statements job failed"),
                        }
                    }
                    _ = rebuild.tick() => {
                        if let Err(e) = jobs_state.finder.rebuild(&jobs_state.store, &jobs_state.links, jobs_state.now()).await {
                            tracing::error!(error = %e, "rebuilding the charger index failed");
                        }
                    }
                    _ = stopped(&mut shutdown_rx) => break,
                }
            }
        }));

        // The SLA job: at once (an action that fell due while the server was down is taken
        // now, once), then every second by the server's clock.
        let sla_state = state.clone();
        let mut sla_shutdown = shutdown.subscribe();
        tasks.push(tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = tick.tick() => {
                        if let Err(e) = cases::sla_job::run_once(&sla_state, sla_state.now()).await {
                            tracing::error!(error = %e, "the SLA job failed");
                        }
                    }
                    _ = stopped(&mut sla_shutdown) => break,
                }
            }
        }));

        // Scheduled password rotation: on every node over the chargers connected to it.
        if config.password_rotation_days.is_some() {
            let rotation_state = state.clone();
            let mut rotation_shutdown = shutdown.subscribe();
            let every = Duration::from_secs(config.password_rotation_check_s.max(1));
            tasks.push(tokio::spawn(async move {
                let mut tick = tokio::time::interval(every);
                tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                loop {
                    tokio::select! {
                        _ = tick.tick() => {
                            if let Err(e) = password_rotation::rotate_due(&rotation_state, rotation_state.now()).await {
                                tracing::error!(error = %e, "the password rotation round failed");
                            }
                        }
                        _ = stopped(&mut rotation_shutdown) => break,
                    }
                }
            }));
        }

        #[cfg(not(feature = "demo-sim"))]
        if config.simulate {
            anyhow::bail!("--simulate needs a server built with the `demo-sim` feature");
        }
        #[cfg(feature = "demo-sim")]
        if config.simulate {
            // Through a load balancer in front of several nodes when given (`scripts/dev.sh cluster`).
            let url = config
                .sim_ocpp_url
                .clone()
                .unwrap_or_else(|| ocpp_url(addr, tls.is_some()));
            // Over TLS the simulated chargers trust the server's own certificate chain.
            let trust = match &config.tls_cert {
                Some(cert) if tls.is_some() => Some(ladeklar_sim::tls::client_config(Some(cert))?),
                _ => None,
            };
            let meter_interval = Duration::from_secs(config.sim_meter_interval_s);
            for sim in demo::simulated_fleet(&store, &url, trust, meter_interval).await? {
                let rx = shutdown.subscribe();
                tasks.push(tokio::spawn(async move { sim.run_until(rx).await }));
            }
        }
        Ok(Self {
            addr,
            tls: tls.is_some(),
            config,
            shutdown,
            tasks,
            store,
            demo_accounts,
            clock,
            public_url,
            state,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The database URL this node uses (another node of the cluster is given the same).
    pub fn store_url(&self) -> String {
        self.config.database_url()
    }

    /// This node: its id, the bus, the jobs lease.
    pub fn cluster(&self) -> &cluster::Cluster {
        &self.state.cluster
    }

    /// Runs a round of the password rotation schedule now (the job runs one every
    /// `--password-rotation-check-s`).
    pub async fn rotate_due_passwords(&self) -> anyhow::Result<password_rotation::Round> {
        password_rotation::rotate_due(&self.state, self.state.now()).await
    }

    /// Runs a reconciliation round now over every unfinished payment (the job runs one every
    /// `--reconcile-interval-s` over those untouched for 10 s). Returns how many moved.
    pub async fn reconcile_payments(&self) -> anyhow::Result<usize> {
        match &self.state.payments {
            Some(payments) => payments::reconcile::reconcile_all(&self.state, payments, chrono::Duration::zero()).await,
            None => Ok(0),
        }
    }

    /// The clock of the account rules: tests move it forward (`Clock::advance`).
    pub fn clock(&self) -> &clock::Clock {
        &self.clock
    }

    /// One pass of the SLA job at `now` (the job runs one every second on the server's
    /// clock): for benchmarks. Returns how many actions it took.
    pub async fn run_sla_job(&self, now: chrono::DateTime<chrono::Utc>) -> anyhow::Result<usize> {
        cases::sla_job::run_once(&self.state, now)
            .await
            .map_err(|e| anyhow::anyhow!("the SLA job: {e:?}"))
    }

    /// The server's database (tests and the command line provision through it).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// `http://addr`, or `https://addr` when serving TLS.
    pub fn url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// Where chargers connect: `ws://addr/ocpp`, or `wss://addr/ocpp` when serving TLS; the
    /// charge point id follows.
    pub fn ocpp_url(&self) -> String {
        ocpp_url(self.addr, self.tls)
    }

    pub fn print_banner(&self) {
        println!("Ladeklar is running");
        println!("  web UI and API : {}/", self.url());
        println!("  OpenAPI        : {}/api/v1/openapi.json", self.url());
        println!("  OCPP 1.6J      : {}/{{chargePointId}}", self.ocpp_url());
        if self.tls {
            println!("  security       : TLS only (Security Profile 2: HTTP Basic auth over TLS)");
        }
        println!(
            "  database       : {}",
            ladeklar_store::url_for_display(&self.config.database_url())
        );
        println!("  data folder    : {}", self.config.data_dir.display());
        println!("  case photos    : {}", self.state.photos.store().location());
        match &self.state.cluster.bus {
            Some(bus) => println!(
                "  node           : {} on the bus at {}",
                self.state.cluster.node_id,
                bus.url()
            ),
            None => println!("  node           : {} (single node)", self.state.cluster.node_id),
        }
        match &self.config.smtp_url {
            Some(url) => println!("  account mails  : through {url} (links to {})", self.public_url),
            None => println!("  account mails  : none (no --smtp-url: sign-up and password resets answer 503)"),
        }
        if self.config.simulate {
            println!("  simulated chargers are connected");
        }
        if !self.demo_accounts.is_empty() {
            println!(
                "  demo accounts (public passwords, demo only; sign in at {}/sign-in):",
                self.url()
            );
            for a in &self.demo_accounts {
                println!("    {:<22} {:<32} {}", a.role, a.email, a.password);
            }
        }
        println!("Press Ctrl-C to stop.");
    }

    /// Stops serving, stops the simulators, closes the database.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        for task in self.tasks {
            if tokio::time::timeout(Duration::from_secs(5), task).await.is_err() {
                tracing::warn!("a task did not stop within 5 s");
            }
        }
        self.state.cluster.release_jobs_lease(&self.store).await;
        if let Some(bus) = &self.state.cluster.bus {
            bus.close().await;
        }
        self.store.close().await;
    }
}
