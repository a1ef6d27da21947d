//! The test harness: [`TestApp`] (a server with a fresh database) and [`ScriptedCharger`]
//! (a raw OCPP-J client that sends exactly what a test says).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use ladeklar_ocpp::Frame;
use ladeklar_server::{Config, Server};
use ladeklar_sim::rustls::ClientConfig;
use ladeklar_sim::{SimCharger, SimConfig, SimConnector};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};

pub struct TestApp {
    pub server: Server,
    /// An HTTP client signed in as the demo admin (bearer token), who may call every
    /// endpoint; for a TLS server it trusts the server's certificate. The access rules
    /// themselves are tested by `access_matrix` with a client per role.
    pub http: reqwest::Client,
    /// For a server started with [`TestApp::start_tls`]: a TLS client configuration that
    /// trusts its certificate.
    trust: Option<Arc<ClientConfig>>,
    _data: tempfile::TempDir,
}

/// The demo admin's e-mail address.
pub const ADMIN: &str = "admin@demo.ladeklar.no";

/// A sign-in token for a demo (or test-made) user, issued by the store as a sign-in would.
pub async fn token_for(server: &Server, email: &str) -> String {
    let email = ladeklar_core::accounts::parse_email(email).expect("e-mail");
    let user = server
        .store()
        .user_by_email(&email)
        .await
        .expect("user read")
        .expect("user exists");
    server
        .store()
        .sign_in(user.id, "tests", server.clock().now())
        .await
        .expect("token")
}

/// An HTTP client that sends `Authorization: Bearer` for `email`.
pub async fn signed_in_client(server: &Server, builder: reqwest::ClientBuilder, email: &str) -> reqwest::Client {
    let token = token_for(server, email).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {token}").parse().expect("header value"),
    );
    builder.default_headers(headers).build().expect("HTTP client")
}

/// Writes a fresh self-signed certificate for `localhost` and 127.0.0.1 to `dir` as
/// `<name>.pem` and `<name>-key.pem`.
pub fn self_signed_certificate(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
        .expect("certificate generated");
    let (cert, key) = (dir.join(format!("{name}.pem")), dir.join(format!("{name}-key.pem")));
    std::fs::write(&cert, certified.cert.pem()).expect("certificate written");
    std::fs::write(&key, certified.signing_key.serialize_pem()).expect("key written");
    (cert, key)
}

impl TestApp {
    /// A server with the demo sites seeded and no simulated chargers.
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// The same server with the test configuration changed by `configure`.
    pub async fn start_with(configure: impl FnOnce(&mut Config)) -> Self {
        let data = tempfile::tempdir().expect("temp dir");
        let mut config = Config::for_tests(data.path().to_path_buf());
        configure(&mut config);
        let server = Server::start(config).await.expect("server starts");
        let http = signed_in_client(&server, reqwest::Client::builder(), ADMIN).await;
        Self {
            server,
            http,
            trust: None,
            _data: data,
        }
    }

    /// The same server serving HTTPS and WSS only, with a fresh self-signed certificate.
    pub async fn start_tls() -> Self {
        let data = tempfile::tempdir().expect("temp dir");
        let (cert, key) = self_signed_certificate(data.path(), "server");
        let mut config = Config::for_tests(data.path().to_path_buf());
        config.tls_cert = Some(cert.clone());
        config.tls_key = Some(key);
        let server = Server::start(config).await.expect("server starts with TLS");
        let pem = std::fs::read(&cert).expect("certificate");
        let builder = reqwest::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(&pem).expect("PEM certificate"));
        let http = signed_in_client(&server, builder, ADMIN).await;
        let trust = ladeklar_sim::tls::client_config(Some(&cert)).expect("client trust");
        Self {
            server,
            http,
            trust: Some(trust),
            _data: data,
        }
    }

    /// Stops the server and starts it again on the same data folder (and database), with
    /// the test configuration changed by `configure` (e.g. a clock that starts later).
    pub async fn restart_with(self, configure: impl FnOnce(&mut Config)) -> Self {
        let TestApp {
            server, trust, _data, ..
        } = self;
        server.shutdown().await;
        let mut config = Config::for_tests(_data.path().to_path_buf());
        configure(&mut config);
        let server = Server::start(config).await.expect("server restarts");
        let http = signed_in_client(&server, reqwest::Client::builder(), ADMIN).await;
        Self {
            server,
            http,
            trust,
            _data,
        }
    }

    /// The server's data folder (photos, uploads, the SQLite file).
    pub fn server_data_dir(&self) -> PathBuf {
        self._data.path().to_path_buf()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url())
    }

    /// `ws://…/ocpp`, or `wss://…/ocpp` for a TLS server.
    pub fn ws_base(&self) -> String {
        self.server.ocpp_url()
    }

    /// The client trust for a TLS server's certificate (`None` for a plain server).
    pub fn trust(&self) -> Option<Arc<ClientConfig>> {
        self.trust.clone()
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let r = self.http.get(self.url(path)).send().await.expect("GET");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self.http.post(self.url(path)).json(&body).send().await.expect("POST");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// Sends `POST path` in the background, for when a test must answer the charger's CALL
    /// before the HTTP answer can come.
    pub fn spawn_post(&self, path: &str, body: Value) -> tokio::task::JoinHandle<(u16, Value)> {
        let (http, url) = (self.http.clone(), self.url(path));
        tokio::spawn(async move {
            let r = http.post(url).json(&body).send().await.expect("POST");
            let status = r.status().as_u16();
            (status, r.json().await.unwrap_or(Value::Null))
        })
    }

    /// A simulator for a demo charge point (with its demo password): both connectors draw
    /// `power_kw`, meter values every `meter_interval`.
    pub fn demo_simulator(&self, charger: &str, power_kw: Decimal, meter_interval: Duration) -> SimCharger {
        SimCharger::new(self.demo_simulator_config(charger, power_kw, meter_interval))
    }

    /// The configuration [`TestApp::demo_simulator`] runs, to change before starting it.
    pub fn demo_simulator_config(&self, charger: &str, power_kw: Decimal, meter_interval: Duration) -> SimConfig {
        SimConfig {
            charge_point_id: charger.into(),
            ws_base: self.ws_base(),
            connectors: [1, 2]
                .map(|connector_id| SimConnector {
                    connector_id,
                    power_kw,
                    fault: None,
                })
                .to_vec(),
            meter_interval,
            vendor: "Test".into(),
            model: "Sim".into(),
            password: Some(ladeklar_server::demo::charger_password(charger)),
            tls: self.trust(),
        }
    }

    /// Polls `GET path` until `done` holds, for at most 30 s.
    pub async fn wait_for(&self, path: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
        for _ in 0..300 {
            let (_, body) = self.get(path).await;
            if done(&body) {
                return body;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("timed out waiting for {what} at {path}");
    }

    /// Waits until the charger is online and the connector reports `status`.
    pub async fn wait_for_connector(&self, charger: &str, connector: u32, status: &str) {
        let path = format!("/api/v1/chargers/{charger}");
        self.wait_for(&path, &format!("connector {connector} {status}"), |c| {
            c["online"] == true
                && c["connectors"].as_array().is_some_and(|cs| {
                    cs.iter()
                        .any(|x| x["connector_id"] == connector && x["status"] == status)
                })
        })
        .await;
    }
}

/// Polls `done` until it holds, for at most 60 s.
pub async fn wait_until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..600 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

/// A decimal string field of an API body.
pub fn decimal(v: &Value) -> Decimal {
    v.as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not a decimal string: {v}"))
}

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Why a connection attempt did not open a WebSocket.
#[derive(Debug)]
pub enum ConnectFailure {
    /// The server answered the upgrade with this HTTP status.
    Refused(u16),
    /// No HTTP answer: TCP, TLS or protocol failure, as the client library put it.
    Failed(tokio_tungstenite::tungstenite::Error),
}

/// A charge point whose every frame the test writes.
pub struct ScriptedCharger {
    socket: Socket,
    next_id: u64,
}

impl ScriptedCharger {
    /// Connects as a demo charger, with its password.
    pub async fn connect(ws_base: &str, id: &str) -> Self {
        Self::try_connect(ws_base, id, Some("ocpp1.6"))
            .await
            .expect("WebSocket upgrade accepted")
    }

    /// Connects offering `subprotocol`, with the demo charger's password; returns the HTTP
    /// status when the upgrade is refused.
    pub async fn try_connect(ws_base: &str, id: &str, subprotocol: Option<&str>) -> Result<Self, u16> {
        let password = ladeklar_server::demo::charger_password(id);
        Self::try_connect_with(ws_base, id, subprotocol, Some((id, &password))).await
    }

    /// Connects offering `subprotocol` and sending `credentials` (user, password) as HTTP
    /// Basic auth, or none; returns the HTTP status when the upgrade is refused.
    pub async fn try_connect_with(
        ws_base: &str,
        id: &str,
        subprotocol: Option<&str>,
        credentials: Option<(&str, &str)>,
    ) -> Result<Self, u16> {
        match Self::try_connect_over(ws_base, id, subprotocol, credentials, None).await {
            Ok(charger) => Ok(charger),
            Err(ConnectFailure::Refused(status)) => Err(status),
            Err(ConnectFailure::Failed(e)) => panic!("unexpected connect error: {e}"),
        }
    }

    /// Connects as a demo charger with its password over `wss://`, trusting `trust`.
    pub async fn connect_tls(ws_base: &str, id: &str, trust: Arc<ClientConfig>) -> Self {
        let password = ladeklar_server::demo::charger_password(id);
        Self::try_connect_over(ws_base, id, Some("ocpp1.6"), Some((id, &password)), Some(trust))
            .await
            .expect("WebSocket upgrade over TLS accepted")
    }

    /// Like [`Self::try_connect_with`], for `wss://` with `trust` (`None`: plain, or the
    /// client library's default for `wss://`), reporting every kind of failure.
    pub async fn try_connect_over(
        ws_base: &str,
        id: &str,
        subprotocol: Option<&str>,
        credentials: Option<(&str, &str)>,
        trust: Option<Arc<ClientConfig>>,
    ) -> Result<Self, ConnectFailure> {
        let mut request = format!("{ws_base}/{id}").into_client_request().expect("request");
        if let Some(p) = subprotocol {
            request
                .headers_mut()
                .insert("Sec-WebSocket-Protocol", HeaderValue::from_str(p).expect("header"));
        }
        if let Some((user, password)) = credentials {
            let value = ladeklar_server::credentials::basic_auth_header(user, password);
            request
                .headers_mut()
                .insert("Authorization", HeaderValue::from_str(&value).expect("header"));
        }
        let connector = trust.map(Connector::Rustls);
        match tokio_tungstenite::connect_async_tls_with_config(request, None, false, connector).await {
            Ok((socket, response)) => {
                let chosen = response
                    .headers()
                    .get("sec-websocket-protocol")
                    .and_then(|v| v.to_str().ok());
                assert_eq!(chosen, subprotocol, "server must confirm the subprotocol");
                Ok(Self { socket, next_id: 1 })
            }
            Err(tokio_tungstenite::tungstenite::Error::Http(r)) => Err(ConnectFailure::Refused(r.status().as_u16())),
            Err(e) => Err(ConnectFailure::Failed(e)),
        }
    }

    pub async fn send_text(&mut self, text: &str) {
        self.socket.send(Message::Text(text.into())).await.expect("send");
    }

    /// Sends any WebSocket message, including raw frames a well-behaved client never sends.
    pub async fn send_message(&mut self, message: Message) {
        self.socket.send(message).await.expect("send");
    }

    /// Waits until the connection ends by any means — a close frame, a reset, end of
    /// stream — and reports how (30 s at most).
    pub async fn ended(&mut self) -> String {
        loop {
            let msg = tokio::time::timeout(Duration::from_secs(30), self.socket.next())
                .await
                .expect("the connection ends within 30 s");
            match msg {
                Some(Ok(Message::Close(frame))) => return format!("close frame {frame:?}"),
                Some(Ok(_)) => continue,
                Some(Err(e)) => return format!("error {e}"),
                None => return "end of stream".into(),
            }
        }
    }

    /// Next frame from the central system (30 s at most).
    pub async fn recv(&mut self) -> Frame {
        loop {
            let msg = tokio::time::timeout(Duration::from_secs(30), self.socket.next())
                .await
                .expect("a frame within 30 s")
                .expect("socket open")
                .expect("frame");
            if let Message::Text(t) = msg {
                return Frame::parse(&t).expect("central system sends valid frames");
            }
        }
    }

    /// The next frame from the central system if one comes within `wait` (else `None`).
    pub async fn recv_within(&mut self, wait: Duration) -> Option<Frame> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let msg = tokio::time::timeout_at(deadline, self.socket.next()).await.ok()?;
            if let Message::Text(t) = msg.expect("socket open").expect("frame") {
                return Some(Frame::parse(&t).expect("central system sends valid frames"));
            }
        }
    }

    /// Goes away: a Close frame from the charger's side, then the connection's end.
    pub async fn disconnect(mut self) {
        self.socket.close(None).await.expect("Close frame sent");
        while let Ok(Some(Ok(_))) = tokio::time::timeout(Duration::from_secs(30), self.socket.next()).await {}
    }

    /// Waits until the central system closes this connection (30 s at most); returns the
    /// close reason it gave, if any.
    pub async fn closed_by_server(&mut self) -> Option<String> {
        loop {
            let msg = tokio::time::timeout(Duration::from_secs(30), self.socket.next())
                .await
                .expect("the connection closes within 30 s");
            match msg {
                Some(Ok(Message::Close(frame))) => return frame.map(|f| f.reason.to_string()),
                Some(Ok(_)) => continue,
                Some(Err(e)) => panic!("closed with error {e}"),
                None => return None,
            }
        }
    }

    /// Sends a CALL and returns the central system's answer (CALLRESULT or CALLERROR).
    pub async fn call(&mut self, action: &str, payload: Value) -> Frame {
        let id = format!("t{}", self.next_id);
        self.next_id += 1;
        self.send_text(&json!([2, id, action, payload]).to_string()).await;
        let answer = self.recv().await;
        match &answer {
            Frame::CallResult { id: got, .. } | Frame::CallError { id: got, .. } => assert_eq!(got, &id),
            Frame::Call { .. } => panic!("expected an answer to {action}, got a CALL"),
        }
        answer
    }

    /// Sends a CALL expecting a CALLRESULT, returns its payload.
    /// Sends a CALL and returns its CALLRESULT's payload, which must fit the official OCPP 1.6
    /// response schema (so every test checks the central system's answers).
    pub async fn call_ok(&mut self, action: &str, payload: Value) -> Value {
        match self.call(action, payload).await {
            Frame::CallResult { payload, .. } => {
                if let Err(e) = ladeklar_ocpp::schema::check(action, ladeklar_ocpp::schema::Pdu::Response, &payload) {
                    panic!("the answer to {action} breaks the OCPP 1.6 schema: {e}: {payload}");
                }
                payload
            }
            other => panic!("{action} answered with {other:?}"),
        }
    }

    /// Waits for a CALL from the central system and answers it with `result`.
    pub async fn answer_next_call(&mut self, expected_action: &str, result: Value) -> Value {
        match self.recv().await {
            Frame::Call { id, action, payload } => {
                assert_eq!(action, expected_action);
                self.send_text(&json!([3, id, result]).to_string()).await;
                payload
            }
            other => panic!("expected {expected_action} CALL, got {other:?}"),
        }
    }

    /// A StatusNotification for one connector, expecting a CALLRESULT.
    pub async fn status(&mut self, connector: u32, status: &str, error_code: &str) {
        self.call_ok(
            "StatusNotification",
            json!({"connectorId": connector, "errorCode": error_code, "status": status}),
        )
        .await;
    }

    /// BootNotification and an Available status for each connector.
    pub async fn boot(&mut self, connectors: &[u32]) {
        let boot = self
            .call_ok(
                "BootNotification",
                json!({"chargePointVendor": "Test", "chargePointModel": "Script"}),
            )
            .await;
        assert_eq!(boot["status"], "Accepted");
        for c in connectors {
            self.status(*c, "Available", "NoError").await;
        }
    }
}
