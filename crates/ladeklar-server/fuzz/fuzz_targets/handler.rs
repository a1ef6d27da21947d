//! The central system's handling of what a charger sends (`ocpp::handle_text`, what the
//! read loop does with each text frame) against a real SQLite database with the demo data,
//! as the registered charger OSLO-STORO-DC1. The input is a sequence of frames, one per
//! line. For every frame: no panic, an answer within 10 s; a CALL gets exactly one
//! CALLRESULT or CALLERROR with its message id, never InternalError (every message is either
//! stored or refused with a code the charger can act on); a malformed frame gets a CALLERROR
//! with the message id when it was readable ("-1" otherwise); an answer to one of our calls
//! goes to the link; everything sent back is an OCPP-J frame (an answer to a CALL a valid
//! one; a refusal echoes the id as read, even one over 36 characters).
#![no_main]

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use ladeklar_ocpp::Frame;
use ladeklar_server::ocpp::{handle_text, Reaction};
use ladeklar_server::{AppState, Config, Store};
use libfuzzer_sys::fuzz_target;

const CHARGER: &str = "OSLO-STORO-DC1";
/// Frames per input: enough for Boot, Start, MeterValues, Stop and replays of them.
const MAX_FRAMES: usize = 32;

struct Harness {
    runtime: tokio::runtime::Runtime,
    state: AppState,
    _data: tempfile::TempDir,
}

/// One database for the whole run: state builds up across inputs, as on a real server.
fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        // `RUST_LOG=error` shows why a message was answered InternalError; off by default (speed).
        if std::env::var_os("RUST_LOG").is_some() {
            ladeklar_server::init_tracing();
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let data = tempfile::tempdir().expect("a temp folder");
        let config = Config::for_tests(data.path().to_path_buf());
        let state = runtime.block_on(async {
            let store = Store::open(&config.database_url()).await.expect("the database opens");
            ladeklar_server::demo::seed_if_empty(&store, chrono::Utc::now())
                .await
                .expect("demo data");
            AppState::new(store, Arc::new(config), "http://127.0.0.1").expect("the state")
        });
        Harness {
            runtime,
            state,
            _data: data,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    // A WebSocket text frame is UTF-8; anything else closes the connection before this.
    let Ok(text) = std::str::from_utf8(data) else { return };
    let harness = harness();
    for frame in text.split('\n').take(MAX_FRAMES) {
        let reaction = harness
            .runtime
            .block_on(async {
                tokio::time::timeout(Duration::from_secs(10), handle_text(&harness.state, CHARGER, frame)).await
            })
            .unwrap_or_else(|_| panic!("no answer within 10 s to {frame:?}"));
        check(frame, &reaction);
    }
});

fn check(text: &str, reaction: &Reaction) {
    match reaction {
        Reaction::Answer(sent) => {
            let again = Frame::parse(&sent.to_text());
            assert_eq!(again.as_ref(), Ok(sent), "an answer is a valid OCPP-J frame");
        }
        Reaction::Refuse(sent) => {
            // The charger's message id is echoed as read, even one longer than OCPP-J's 36
            // characters, so the charger can match the error to its CALL.
            let again: serde_json::Value = serde_json::from_str(&sent.to_text()).expect("a refusal is JSON");
            assert!(
                again[0] == 4 && again[1].is_string() && again[2].is_string() && again[4].is_object(),
                "a refusal is an OCPP-J CALLERROR: {again}"
            );
        }
        Reaction::Reply(_) => {}
    }
    match (Frame::parse(text), reaction) {
        (Ok(Frame::Call { id, action, .. }), Reaction::Answer(answer)) => match answer {
            Frame::CallResult { id: answered, .. } => assert_eq!(answered, &id),
            Frame::CallError {
                id: answered,
                code,
                description,
                ..
            } => {
                assert_eq!(answered, &id);
                assert_ne!(code, "InternalError", "{action}: {description} for {text:?}");
            }
            Frame::Call { .. } => panic!("a CALL answered with a CALL: {answer:?}"),
        },
        (Ok(answer @ (Frame::CallResult { .. } | Frame::CallError { .. })), Reaction::Reply(routed)) => {
            assert_eq!(&answer, routed)
        }
        (Err(e), Reaction::Refuse(Frame::CallError { id, .. })) => {
            assert_eq!(id, e.id.as_deref().unwrap_or("-1"))
        }
        (parsed, reaction) => panic!("{text:?} read as {parsed:?} but answered {reaction:?}"),
    }
}
