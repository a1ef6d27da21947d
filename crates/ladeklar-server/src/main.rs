//! `ladeklar-server`: thin entry point; the work is in the library.

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = ladeklar_server::Config::parse();
    ladeklar_server::init_tracing();
    let server = ladeklar_server::Server::start(config).await?;
    server.print_banner();
    tokio::select! {
        r = tokio::signal::ctrl_c() => r?,
        r = terminate() => r?,
    }
    tracing::info!("shutting down");
    server.shutdown().await;
    Ok(())
}

#[cfg(unix)]
async fn terminate() -> std::io::Result<()> {
    let mut s = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    s.recv().await;
    Ok(())
}

#[cfg(not(unix))]
async fn terminate() -> std::io::Result<()> {
    std::future::pending().await
}
