//! Operations on a running server, over its HTTP API (`--server`): OCPP 1.6 calls to a
//! connected charger (`charger send`, and `reset`, `unlock`, `trigger` built on it), the
//! charger log, quarantined transaction messages and stuck sessions. The server checks and
//! sends; an error is its problem body, printed as title and detail.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{anyhow, bail, Context};
use clap::{Args, Subcommand};
use ladeklar_api::{
    ChargerCommand, ChargerLog, CommandReply, MessageTrigger, Problem, QuarantineList, ResetType, StuckSessionList,
};
use ladeklar_ocpp::CentralSystemCall;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

/// How long the command line waits for the server's answer. The server gives up on a silent
/// charger first (its `--call-timeout-s`, answered 504); calls to one charger also wait for
/// the calls queued before them.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(120);

/// Which server to talk to.
#[derive(Args, Debug)]
pub struct ServerArgs {
    /// The server's base URL, http:// or https://.
    #[arg(long = "server", env = "LADEKLAR_SERVER", default_value = "http://127.0.0.1:8080")]
    url: String,
    /// A PEM certificate to trust for https (e.g. the server's own or its CA), besides the
    /// public roots.
    #[arg(long)]
    ca_cert: Option<PathBuf>,
    /// A sign-in token of a support or admin account (`ladeklar sign-in` prints one); sent
    /// as `Authorization: Bearer`.
    #[arg(long, env = "LADEKLAR_TOKEN", hide_env_values = true)]
    token: Option<String>,
}

/// `ladeklar sign-in`: signs in to a running server and prints the bearer token (for
/// `--token` / `LADEKLAR_TOKEN`). The password comes from stdin (`--password-stdin`) or
/// `LADEKLAR_USER_PASSWORD`, never from an argument.
#[derive(Args, Debug)]
pub struct SignInArgs {
    #[command(flatten)]
    server: ServerArgs,
    #[arg(long)]
    email: String,
    #[arg(long)]
    password_stdin: bool,
}

pub fn run_sign_in(args: SignInArgs) -> anyhow::Result<()> {
    let password = crate::users::password(args.password_stdin)?
        .ok_or_else(|| anyhow!("password: give it on stdin with --password-stdin or in LADEKLAR_USER_PASSWORD"))?;
    let api = Api::new(&args.server)?;
    let signed_in: ladeklar_api::SignedIn = api.post(
        &["api", "v1", "account", "sign-in"],
        &ladeklar_api::SignInRequest {
            email: args.email,
            password,
            bearer: true,
        },
    )?;
    let token = signed_in
        .token
        .ok_or_else(|| anyhow!("the server answered without a token"))?;
    println!("{token}");
    Ok(())
}

/// `ladeklar charger send|reset|unlock|trigger|upload-log|firmware|transfers|certificates|revoke|log`: a
/// charger, through the server.
#[derive(Subcommand, Debug)]
pub enum ChargerOperation {
    /// Send one OCPP 1.6 call to a connected charger and print its answer (JSON).
    ///
    /// The payload is the call's fields as the API names them (snake_case), e.g.
    /// Reset '{"type": "Hard"}', UnlockConnector '{"connector_id": 1}',
    /// TriggerMessage '{"requested_message": "StatusNotification", "connector_id": 1}',
    /// GetConfiguration '{"key": ["HeartbeatInterval"]}' (no payload: all keys).
    /// Nested OCPP objects (charging profiles, local list entries) are OCPP 1.6 JSON.
    Send {
        #[command(flatten)]
        server: ServerArgs,
        /// The charge point id.
        id: String,
        /// The OCPP action: Reset, UnlockConnector, TriggerMessage, GetConfiguration, …
        action: String,
        /// The call's fields as a JSON object (none: `{}`).
        #[arg(long, conflicts_with = "payload_file")]
        payload: Option<String>,
        /// Read the payload from a file (`-` for standard input).
        #[arg(long)]
        payload_file: Option<PathBuf>,
    },
    /// Reset a connected charger (soft unless --hard).
    Reset {
        #[command(flatten)]
        server: ServerArgs,
        id: String,
        #[arg(long)]
        hard: bool,
    },
    /// Unlock a connector of a connected charger.
    Unlock {
        #[command(flatten)]
        server: ServerArgs,
        id: String,
        /// The connector: 1 and up (the server refuses 0, the charger as a whole).
        connector: u32,
    },
    /// Ask a connected charger to send a message now.
    Trigger {
        #[command(flatten)]
        server: ServerArgs,
        id: String,
        #[arg(value_enum, ignore_case = true)]
        message: MessageTrigger,
        #[arg(long)]
        connector: Option<u32>,
    },
    /// The client certificates the platform's CA issued to a charger (Security Profile 3)
    /// and its stored security profile (JSON).
    Certificates {
        #[command(flatten)]
        server: ServerArgs,
        id: String,
    },
    /// Revoke a charger's client certificates (all, or --serial): they no longer open a
    /// connection, and its open connection is closed.
    Revoke {
        #[command(flatten)]
        server: ServerArgs,
        id: String,
        /// Only this certificate (its serial, hex).
        #[arg(long)]
        serial: Option<String>,
        /// Also forget the charger's security profile, so it may connect with its password
        /// again and ask for a new certificate.
        #[arg(long)]
        reset_profile: bool,
    },
    /// Have a charger upload a log to the platform (GetLog); it lands in the server's data
    /// folder. Prints the transfer (JSON); follow it with `charger transfers`.
    UploadLog {
        #[command(flatten)]
        server: ServerArgs,
        id: String,
        /// SecurityLog or DiagnosticsLog.
        #[arg(long, default_value = "SecurityLog")]
        log_type: String,
    },
    /// Have a charger install a signed firmware file the server serves from its data folder's
    /// firmware/ (SignedUpdateFirmware). Prints the transfer (JSON).
    Firmware {
        #[command(flatten)]
        server: ServerArgs,
        id: String,
        /// The file's name in the server's firmware/ folder.
        file: String,
        /// The firmware signing certificate (a PEM file).
        #[arg(long)]
        signing_certificate: PathBuf,
        /// The file's signature, base64.
        #[arg(long)]
        signature: String,
    },
    /// A charger's log uploads and firmware updates with their latest status (JSON).
    Transfers {
        #[command(flatten)]
        server: ServerArgs,
        id: String,
    },
    /// The charger's log: OCPP frames in and out and connection events, oldest first.
    Log {
        #[command(flatten)]
        server: ServerArgs,
        id: String,
        /// The newest N entries (1 to 1000).
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// JSON lines instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// `ladeklar quarantine list`.
#[derive(Subcommand, Debug)]
pub enum QuarantineCommand {
    /// Transaction messages answered but held for review, newest first.
    List {
        #[command(flatten)]
        server: ServerArgs,
        /// JSON lines (with each message's payload) instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// `ladeklar sessions stuck`.
#[derive(Subcommand, Debug)]
pub enum SessionsCommand {
    /// Sessions under way whose charger has said nothing about them for too long, longest
    /// silent first.
    Stuck {
        #[command(flatten)]
        server: ServerArgs,
        /// Seconds of silence that make a session stuck (default: the server's limit).
        #[arg(long)]
        silent_for_s: Option<u64>,
        /// JSON lines instead of text.
        #[arg(long)]
        json: bool,
    },
}

pub fn run_charger(operation: ChargerOperation) -> anyhow::Result<()> {
    let (server, id, command) = match operation {
        ChargerOperation::Log {
            server,
            id,
            limit,
            json,
        } => return print_log(&Api::new(&server)?, &id, limit, json),
        ChargerOperation::UploadLog { server, id, log_type } => {
            let transfer: ladeklar_api::TransferView = Api::new(&server)?.post(
                &["api", "v1", "chargers", &id, "logs"],
                &ladeklar_api::StartLogUpload {
                    log_type,
                    oldest_timestamp: None,
                    latest_timestamp: None,
                },
            )?;
            println!("{}", serde_json::to_string_pretty(&transfer)?);
            return Ok(());
        }
        ChargerOperation::Firmware {
            server,
            id,
            file,
            signing_certificate,
            signature,
        } => {
            let signing_certificate = std::fs::read_to_string(&signing_certificate)
                .with_context(|| format!("reading the signing certificate {}", signing_certificate.display()))?;
            let transfer: ladeklar_api::TransferView = Api::new(&server)?.post(
                &["api", "v1", "chargers", &id, "firmware"],
                &ladeklar_api::StartFirmwareUpdate {
                    file,
                    signing_certificate,
                    signature,
                    retrieve_date_time: None,
                },
            )?;
            println!("{}", serde_json::to_string_pretty(&transfer)?);
            return Ok(());
        }
        ChargerOperation::Transfers { server, id } => {
            let list: ladeklar_api::TransferList =
                Api::new(&server)?.get(&["api", "v1", "chargers", &id, "transfers"], &[])?;
            println!("{}", serde_json::to_string_pretty(&list)?);
            return Ok(());
        }
        ChargerOperation::Certificates { server, id } => {
            let list: ladeklar_api::ChargerCertificates =
                Api::new(&server)?.get(&["api", "v1", "chargers", &id, "certificates"], &[])?;
            println!("{}", serde_json::to_string_pretty(&list)?);
            return Ok(());
        }
        ChargerOperation::Revoke {
            server,
            id,
            serial,
            reset_profile,
        } => {
            let revoked: ladeklar_api::RevokedCertificates = Api::new(&server)?.post(
                &["api", "v1", "chargers", &id, "certificates", "revoke"],
                &ladeklar_api::RevokeCertificates { serial, reset_profile },
            )?;
            println!("{}", serde_json::to_string_pretty(&revoked)?);
            return Ok(());
        }
        ChargerOperation::Send {
            server,
            id,
            action,
            payload,
            payload_file,
        } => {
            let payload = match (payload, payload_file) {
                (Some(text), _) => Some(text),
                (None, Some(path)) => Some(read_payload_file(&path)?),
                (None, None) => None,
            };
            let command = command(&action, payload.as_deref())?;
            (server, id, command)
        }
        ChargerOperation::Reset { server, id, hard } => {
            let kind = if hard { ResetType::Hard } else { ResetType::Soft };
            (server, id, ChargerCommand::Reset { kind })
        }
        ChargerOperation::Unlock { server, id, connector } => (
            server,
            id,
            ChargerCommand::UnlockConnector {
                connector_id: connector,
            },
        ),
        ChargerOperation::Trigger {
            server,
            id,
            message,
            connector,
        } => (
            server,
            id,
            ChargerCommand::TriggerMessage {
                requested_message: message,
                connector_id: connector,
            },
        ),
    };
    let api = Api::new(&server)?;
    let reply: CommandReply = api.post(&["api", "v1", "chargers", &id, "commands"], &command)?;
    println!("{}", serde_json::to_string_pretty(&reply.response)?);
    Ok(())
}

/// The command for `action` (any of the central system's calls, in any letter case) with
/// `payload`'s fields, checked against the API's command before anything is sent.
pub fn command(action: &str, payload: Option<&str>) -> anyhow::Result<ChargerCommand> {
    let Some(action) = CentralSystemCall::ACTIONS
        .iter()
        .find(|known| known.eq_ignore_ascii_case(action))
    else {
        bail!(
            "{action:?} is not an OCPP 1.6 call the central system sends; the calls are: {}",
            CentralSystemCall::ACTIONS.join(", ")
        );
    };
    let mut fields = match payload {
        None => Map::new(),
        Some(text) => match serde_json::from_str(text).map_err(|e| anyhow!("the payload is not JSON: {e}"))? {
            Value::Object(fields) => fields,
            _ => bail!("the payload must be a JSON object with the fields of {action}"),
        },
    };
    match fields.get("command") {
        Some(named) if named != *action => bail!("the payload names command {named}, not {action}"),
        _ => fields.insert("command".into(), Value::from(*action)),
    };
    serde_json::from_value(Value::Object(fields)).map_err(|e| anyhow!("the payload does not fit {action}: {e}"))
}

fn read_payload_file(path: &PathBuf) -> anyhow::Result<String> {
    if path.as_os_str() == "-" {
        return std::io::read_to_string(std::io::stdin()).context("reading the payload from standard input");
    }
    std::fs::read_to_string(path).with_context(|| format!("reading the payload file {}", path.display()))
}

fn print_log(api: &Api, id: &str, limit: u32, json: bool) -> anyhow::Result<()> {
    let limit = limit.to_string();
    let log: ChargerLog = api.get(&["api", "v1", "chargers", id, "log"], &[("limit", &limit)])?;
    // The API gives the newest first; a log reads oldest first.
    for entry in log.entries.iter().rev() {
        if json {
            println!("{}", serde_json::to_string(entry)?);
        } else {
            println!(
                "{}\t{}\t{}",
                entry.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                entry.direction,
                entry.text
            );
        }
    }
    Ok(())
}

pub fn run_quarantine(command: QuarantineCommand) -> anyhow::Result<()> {
    let QuarantineCommand::List { server, json } = command;
    let list: QuarantineList = Api::new(&server)?.get(&["api", "v1", "quarantine"], &[])?;
    for entry in &list.entries {
        if json {
            println!("{}", serde_json::to_string(entry)?);
        } else {
            let transaction = entry.transaction_id.map_or("-".to_owned(), |t| t.to_string());
            println!(
                "{}\t{}\t{}\t{}\ttransaction {}\t{}",
                entry.id,
                entry.received_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                entry.charger_id,
                entry.action,
                transaction,
                entry.reason
            );
        }
    }
    Ok(())
}

pub fn run_sessions(command: SessionsCommand) -> anyhow::Result<()> {
    let SessionsCommand::Stuck {
        server,
        silent_for_s,
        json,
    } = command;
    let silent_for_s = silent_for_s.map(|s| s.to_string());
    let query: Vec<(&str, &str)> = silent_for_s.iter().map(|s| ("silent_for_s", s.as_str())).collect();
    let list: StuckSessionList = Api::new(&server)?.get(&["api", "v1", "sessions", "stuck"], &query)?;
    for s in &list.sessions {
        if json {
            println!("{}", serde_json::to_string(s)?);
        } else {
            let status = serde_json::to_value(s.status)?;
            let transaction = s.transaction_id.map_or("-".to_owned(), |t| t.to_string());
            println!(
                "{}\t{}:{}\t{}\ttransaction {}\tsilent {} s since {}\tcharger {}",
                s.session_id,
                s.charger_id,
                s.connector_id,
                status.as_str().unwrap_or_default(),
                transaction,
                s.silent_s,
                s.last_message_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                if s.charger_online { "online" } else { "offline" }
            );
        }
    }
    if !json {
        eprintln!(
            "{} stuck session(s): silent for at least {} s",
            list.sessions.len(),
            list.limit_s
        );
    }
    Ok(())
}

/// The server's API.
struct Api {
    base: reqwest::Url,
    http: reqwest::Client,
    runtime: tokio::runtime::Runtime,
}

impl Api {
    fn new(args: &ServerArgs) -> anyhow::Result<Self> {
        let base = reqwest::Url::parse(&args.url).map_err(|e| anyhow!("--server {:?} is not a URL: {e}", args.url))?;
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
            bail!("--server {:?} is not an http:// or https:// URL", args.url);
        }
        let mut http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(ANSWER_TIMEOUT);
        if let Some(path) = &args.ca_cert {
            let pem = std::fs::read(path).with_context(|| format!("reading --ca-cert {}", path.display()))?;
            let certificate = reqwest::Certificate::from_pem(&pem)
                .with_context(|| format!("--ca-cert {} is not a PEM certificate", path.display()))?;
            http = http.add_root_certificate(certificate);
        }
        if let Some(token) = &args.token {
            let mut headers = reqwest::header::HeaderMap::new();
            let value = reqwest::header::HeaderValue::from_str(&format!("Bearer {}", token.trim()))
                .map_err(|_| anyhow!("--token is not a token (printable characters only)"))?;
            headers.insert(reqwest::header::AUTHORIZATION, value);
            http = http.default_headers(headers);
        }
        Ok(Self {
            base,
            http: http.build().context("setting up the HTTP client")?,
            runtime: crate::runtime()?,
        })
    }

    /// The URL of a path under the server's base, each segment escaped (charger ids are
    /// the charger's to choose).
    fn url(&self, segments: &[&str]) -> reqwest::Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    fn get<T: DeserializeOwned>(&self, segments: &[&str], query: &[(&str, &str)]) -> anyhow::Result<T> {
        let url = self.url(segments);
        self.runtime
            .block_on(read(self.http.get(url.clone()).query(query), &url))
    }

    fn post<T: DeserializeOwned>(&self, segments: &[&str], body: &impl Serialize) -> anyhow::Result<T> {
        let url = self.url(segments);
        self.runtime
            .block_on(read(self.http.post(url.clone()).json(body), &url))
    }
}

/// The answer's JSON body, or the server's problem as an error (title: detail).
async fn read<T: DeserializeOwned>(request: reqwest::RequestBuilder, url: &reqwest::Url) -> anyhow::Result<T> {
    let response = request
        .send()
        .await
        .with_context(|| format!("could not reach the server at {url}"))?;
    let status = response.status();
    let body = response
        .bytes()
        .await
        .with_context(|| format!("reading the server's answer from {url}"))?;
    if status.is_success() {
        return serde_json::from_slice(&body)
            .with_context(|| format!("the server's answer from {url} is not what this command line expects"));
    }
    match serde_json::from_slice::<Problem>(&body) {
        Ok(problem) => Err(problem_error(&problem)),
        Err(_) => Err(anyhow!(
            "the server answered {status} for {url}: {}",
            String::from_utf8_lossy(&body).trim()
        )),
    }
}

fn problem_error(problem: &Problem) -> anyhow::Error {
    match &problem.ocpp_error_code {
        Some(code) => anyhow!("{}: {} (OCPP error code {code})", problem.title, problem.detail),
        None => anyhow!("{}: {}", problem.title, problem.detail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_action_is_known_in_any_letter_case_and_gets_its_fields() {
        assert_eq!(
            command("reset", Some(r#"{"type": "Hard"}"#)).unwrap(),
            ChargerCommand::Reset { kind: ResetType::Hard }
        );
        assert_eq!(
            command("GetConfiguration", None).unwrap(),
            ChargerCommand::GetConfiguration { key: None }
        );
    }

    #[test]
    fn every_central_system_call_is_a_command() {
        for action in CentralSystemCall::ACTIONS {
            let err = command(action, None).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(!err.contains("is not an OCPP 1.6 call"), "{action}: {err}");
        }
    }

    #[test]
    fn bad_input_is_named() {
        let err = command("Rest", None).unwrap_err().to_string();
        assert!(
            err.contains("\"Rest\"") && err.contains("Reset, SendLocalList"),
            "{err}"
        );
        let err = command("Reset", Some(r#"{"type": Hard}"#)).unwrap_err().to_string();
        assert!(err.contains("line 1 column 10"), "{err}");
        let err = command("UnlockConnector", Some(r#"{"connectorId": 1}"#))
            .unwrap_err()
            .to_string();
        assert!(err.contains("connectorId") && err.contains("connector_id"), "{err}");
        let err = command("Reset", Some("[1]")).unwrap_err().to_string();
        assert!(err.contains("JSON object"), "{err}");
        let err = command("Reset", Some(r#"{"command": "ClearCache"}"#))
            .unwrap_err()
            .to_string();
        assert!(err.contains("ClearCache"), "{err}");
    }

    #[test]
    fn a_callerror_names_its_ocpp_code() {
        let problem = Problem {
            code: ladeklar_api::ErrorCode::ChargerRejected,
            title: "The charger answered with an error".into(),
            status: 502,
            detail: "the charger answered Reset with CALLERROR NotSupported: no".into(),
            ocpp_error_code: Some("NotSupported".into()),
            field_problems: Vec::new(),
        };
        let text = problem_error(&problem).to_string();
        assert!(
            text.starts_with("The charger answered with an error: ")
                && text.ends_with("(OCPP error code NotSupported)"),
            "{text}"
        );
    }
}
