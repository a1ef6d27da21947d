//! `/healthz` (the process is alive) and `/readyz` (the database and the bus answer): the
//! load balancer's health checks, naming the node.

use std::time::Duration;

use crate::AppState;

/// `GET /healthz`: the process is alive; names the node (`ok <node id>`).
pub async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> String {
    format!("ok {}", state.cluster.node_id)
}

/// `GET /readyz`: 200 when the database and (with `--nats-url`) the bus are reachable, else
/// 503; the JSON names the node and what is unreachable. The load balancer's health check.
pub async fn readyz(axum::extract::State(state): axum::extract::State<AppState>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let database = match tokio::time::timeout(Duration::from_secs(2), state.store.ping()).await {
        Ok(Ok(())) => Ok("ok".to_owned()),
        Ok(Err(e)) => Err(format!("unreachable: {e}")),
        Err(_) => Err("unreachable: no answer within 2 s".to_owned()),
    };
    let bus = match &state.cluster.bus {
        None => Ok("none (single node)".to_owned()),
        Some(bus) if bus.is_up() => Ok("ok".to_owned()),
        Some(bus) => Err(format!("unreachable: not connected to NATS at {}", bus.url())),
    };
    let ready = database.is_ok() && bus.is_ok();
    let body = serde_json::json!({
        "ready": ready,
        "node": &*state.cluster.node_id,
        "database": database.unwrap_or_else(|e| e),
        "bus": bus.unwrap_or_else(|e| e),
    });
    let status = if ready {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::SERVICE_UNAVAILABLE
    };
    (status, axum::Json(body)).into_response()
}
