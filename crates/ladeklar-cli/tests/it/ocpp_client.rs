//! A raw OCPP 1.6J charge point for the tests: connect with HTTP Basic auth, send a CALL and
//! read its CALLRESULT, read the central system's CALLs and answer them.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use ladeklar_ocpp::Frame;
use ladeklar_server::Server;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

pub type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Connects as charge point `id`; the HTTP status when the upgrade is refused.
pub async fn connect(server: &Server, id: &str, password: &str) -> Result<Socket, u16> {
    let mut request = format!("ws://{}/ocpp/{id}", server.addr())
        .into_client_request()
        .unwrap();
    let headers = request.headers_mut();
    headers.insert("Sec-WebSocket-Protocol", HeaderValue::from_static("ocpp1.6"));
    let auth = ladeklar_server::credentials::basic_auth_header(id, password);
    headers.insert("Authorization", HeaderValue::from_str(&auth).unwrap());
    match tokio_tungstenite::connect_async(request).await {
        Ok((socket, _)) => Ok(socket),
        Err(tokio_tungstenite::tungstenite::Error::Http(r)) => Err(r.status().as_u16()),
        Err(e) => panic!("connect: {e}"),
    }
}

/// The next frame the central system sends, within 30 s.
async fn next_frame(socket: &mut Socket) -> Frame {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(30), socket.next())
            .await
            .expect("a frame within 30 s")
            .expect("open")
            .expect("frame");
        if let Message::Text(t) = msg {
            return Frame::parse(&t).unwrap();
        }
    }
}

/// Sends CALL `action` with message id `id` and returns its CALLRESULT payload.
pub async fn call(socket: &mut Socket, id: &str, action: &str, payload: Value) -> Value {
    socket
        .send(Message::Text(json!([2, id, action, payload]).to_string().into()))
        .await
        .unwrap();
    match next_frame(socket).await {
        Frame::CallResult { id: got, payload } if got == id => payload,
        other => panic!("{action}: unexpected {other:?}"),
    }
}

/// The next CALL from the central system: (message id, action, payload).
pub async fn next_call(socket: &mut Socket) -> (String, String, Value) {
    match next_frame(socket).await {
        Frame::Call { id, action, payload } => (id, action, payload),
        other => panic!("expected a CALL, got {other:?}"),
    }
}

/// Answers the central system's CALL `id` with a CALLERROR.
pub async fn answer_error(socket: &mut Socket, id: &str, code: &str, description: &str) {
    socket
        .send(Message::Text(json!([4, id, code, description, {}]).to_string().into()))
        .await
        .unwrap();
}
