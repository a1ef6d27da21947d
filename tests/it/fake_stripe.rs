//! The local fake Stripe for the tests: PyPI localstripe (installed by scripts/setup.sh in a
//! venv of its own) started by scripts/fake-stripe.py on a free 127.0.0.1 port with its state
//! in memory. The tests act as Stripe.js would (confirming a SetupIntent with a test card)
//! and read PaymentIntents back as Stripe's dashboard would. Stopped when dropped.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

pub const SECRET_KEY: &str = "sk_test_ladeklar";
pub const PUBLISHABLE_KEY: &str = "pk_test_ladeklar";
pub const WEBHOOK_SECRET: &str = "whsec_ladeklar_tests";

/// Stripe's test cards.
pub const VISA: &str = "4242424242424242";
/// Attaches, but every charge is declined.
pub const DECLINED_WHEN_CHARGED: &str = "4000000000000341";
/// Needs 3-D Secure.
pub const THREE_D_SECURE: &str = "4000002760003184";

pub struct FakeStripe {
    child: Child,
    port: u16,
    http: reqwest::Client,
}

fn python() -> PathBuf {
    let venv = std::env::var_os("LADEKLAR_FAKE_STRIPE_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache/ladeklar/localstripe-venv")
        });
    venv.join("bin/python")
}

impl FakeStripe {
    pub async fn start() -> FakeStripe {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/fake-stripe.py");
        let mut child = Command::new(python())
            .arg(script)
            .args(["--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the fake Stripe starts (scripts/setup.sh installs localstripe)");
        for _ in 0..400 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return FakeStripe {
                    child,
                    port,
                    http: reqwest::Client::new(),
                };
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the fake Stripe did not listen on {port}");
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Sends Stripe events to the server's webhook, signed with [`WEBHOOK_SECRET`].
    pub async fn register_webhook(&self, url: &str) {
        let r = self
            .http
            .post(format!("{}/_config/webhooks/ladeklar", self.url()))
            .form(&[("url", url), ("secret", WEBHOOK_SECRET)])
            .send()
            .await
            .expect("webhook registered");
        assert!(r.status().is_success());
    }

    /// What Stripe.js does in the app: confirms a SetupIntent with a card typed in.
    pub async fn confirm_setup(&self, client_secret: &str, card: &str) -> Value {
        let seti = client_secret
            .split("_secret_")
            .next()
            .expect("a SetupIntent client secret");
        let r = self
            .http
            .post(format!("{}/v1/setup_intents/{seti}/confirm", self.url()))
            .json(&json!({
                "key": PUBLISHABLE_KEY,
                "client_secret": client_secret,
                "payment_method_data": {"type": "card", "card": {"number": card, "exp_month": "12", "exp_year": "2034", "cvc": "123"}},
            }))
            .send()
            .await
            .expect("SetupIntent confirmed");
        r.json().await.expect("SetupIntent JSON")
    }

    /// What Stripe.js does when a SetupIntent needs 3-D Secure and the driver completes it.
    pub async fn complete_setup(&self, client_secret: &str) -> Value {
        let seti = client_secret
            .split("_secret_")
            .next()
            .expect("a SetupIntent client secret");
        self.http
            .post(format!("{}/v1/setup_intents/{seti}/confirm", self.url()))
            .json(&json!({"key": PUBLISHABLE_KEY, "client_secret": client_secret, "use_stripe_sdk": true}))
            .send()
            .await
            .expect("SetupIntent confirmed")
            .json()
            .await
            .expect("SetupIntent JSON")
    }

    /// What Stripe.js does for 3-D Secure: the driver completes (or fails) the challenge.
    pub async fn authenticate(&self, client_secret: &str, success: bool) -> Value {
        let pi = client_secret
            .split("_secret_")
            .next()
            .expect("a PaymentIntent client secret");
        self.http
            .post(format!(
                "{}/v1/payment_intents/{pi}/_authenticate?success={success}",
                self.url()
            ))
            .json(&json!({"key": PUBLISHABLE_KEY, "client_secret": client_secret}))
            .send()
            .await
            .expect("authenticated")
            .json()
            .await
            .expect("PaymentIntent JSON")
    }

    /// A PaymentIntent as Stripe has it.
    pub async fn payment_intent(&self, id: &str) -> Value {
        self.get(&format!("/v1/payment_intents/{id}")).await
    }

    /// Every PaymentIntent Stripe has.
    pub async fn payment_intents(&self) -> Vec<Value> {
        self.get("/v1/payment_intents?limit=100").await["data"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    pub async fn get(&self, path: &str) -> Value {
        self.http
            .get(format!("{}{path}", self.url()))
            .basic_auth(SECRET_KEY, Some(""))
            .send()
            .await
            .expect("GET from the fake Stripe")
            .json()
            .await
            .expect("JSON")
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Value {
        self.http
            .post(format!("{}{path}", self.url()))
            .basic_auth(SECRET_KEY, Some(""))
            .form(form)
            .send()
            .await
            .expect("POST to the fake Stripe")
            .json()
            .await
            .expect("JSON")
    }

    /// The server's configuration for this fake.
    pub fn configure(&self, config: &mut ladeklar_server::Config) {
        config.stripe_secret_key = Some(SECRET_KEY.into());
        config.stripe_publishable_key = Some(PUBLISHABLE_KEY.into());
        config.stripe_api_url = Some(self.url());
        config.stripe_webhook_secret = Some(WEBHOOK_SECRET.into());
        // The job runs on demand in tests (`Server::reconcile_payments`).
        config.reconcile_interval_s = 3600;
    }
}

impl Drop for FakeStripe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
