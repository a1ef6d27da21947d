//! The server as a process of its own, for tests that kill it (`chaos`):
//! `ladeklar-test-server <data-dir> <port>` runs `Server` with the test configuration (demo
//! data seeded when the database is empty) until it is killed. As a node of a cluster
//! (`cluster_kill`): `LADEKLAR_TEST_DATABASE_URL` (the shared database), `LADEKLAR_NATS_URL`
//! and `LADEKLAR_NODE_ID`.

use std::path::PathBuf;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut args = std::env::args().skip(1);
    let (Some(data_dir), Some(port)) = (args.next(), args.next()) else {
        return Err("usage: ladeklar-test-server <data-dir> <port>".into());
    };
    ladeklar_server::init_tracing();
    let mut config = ladeklar_server::Config::for_tests(PathBuf::from(data_dir));
    config.port = port.parse()?;
    if let Ok(url) = std::env::var("LADEKLAR_TEST_DATABASE_URL") {
        config.database_url = Some(url);
    }
    config.nats_url = std::env::var("LADEKLAR_NATS_URL").ok();
    config.node_id = std::env::var("LADEKLAR_NODE_ID").ok();
    // As `ladeklar-server` does: the whole cause chain, and a non-zero exit.
    let server = match ladeklar_server::Server::start(config).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("Error: {e:#}");
            std::process::exit(1);
        }
    };
    println!("listening on {}", server.addr());
    tokio::signal::ctrl_c().await?;
    server.shutdown().await;
    Ok(())
}
