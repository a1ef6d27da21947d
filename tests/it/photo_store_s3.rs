//! Case photos in S3-compatible object storage (`--photo-store s3://bucket/prefix`), against
//! a real S3 API: PyPI moto in server mode on a free 127.0.0.1 port (scripts/moto-s3.py,
//! installed by scripts/setup.sh). A driver reports a fault with a photo, reads it back
//! through the API and finds it in the bucket; refused uploads leave nothing there; a
//! bucket that does not exist stops the start naming it.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use futures_util::TryStreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as ObjectPath;
use object_store::ObjectStore;
use serde_json::{json, Value};

use crate::support::{signed_in_client, TestApp};

const DRIVER: &str = "driver@demo.ladeklar.no";
const CHARGER: &str = "OSLO-AKER-BRYGGE-AC1";
const BUCKET: &str = "ladeklar-photos";
const KEY_ID: &str = "ladeklar-test";
const SECRET: &str = "ladeklar-test-secret";

/// moto's S3 on a free port with [`BUCKET`] made; stopped when dropped.
struct LocalS3 {
    child: Child,
    port: u16,
}

impl LocalS3 {
    async fn start() -> Self {
        let venv = std::env::var_os("LADEKLAR_MOTO_VENV")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache/ladeklar/moto-venv")
            });
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/moto-s3.py");
        let mut child = Command::new(venv.join("bin/python"))
            .arg(script)
            .args(["--port", &port.to_string(), "--bucket", BUCKET])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto starts (scripts/setup.sh installs it)");
        let stdout = child.stdout.take().expect("stdout");
        let first_line = tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            BufReader::new(stdout).read_line(&mut line).map(|_| line)
        });
        let ready = tokio::time::timeout(Duration::from_secs(60), first_line).await;
        match ready {
            Ok(Ok(Ok(line))) if line.trim() == "ready" => LocalS3 { child, port },
            other => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("moto did not get ready on {port}: {other:?}");
            }
        }
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The bucket as another S3 client sees it.
    fn bucket(&self) -> AmazonS3 {
        AmazonS3Builder::new()
            .with_endpoint(self.endpoint())
            .with_allow_http(true)
            .with_region("us-east-1")
            .with_bucket_name(BUCKET)
            .with_access_key_id(KEY_ID)
            .with_secret_access_key(SECRET)
            .build()
            .expect("S3 client")
    }

    async fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .bucket()
            .list(None)
            .map_ok(|o| o.location.to_string())
            .try_collect()
            .await
            .expect("bucket listed");
        keys.sort();
        keys
    }
}

impl Drop for LocalS3 {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn configure_s3(config: &mut ladeklar_server::Config, s3: &LocalS3, location: &str) {
    config.photo_store = Some(location.parse().expect("photo store location"));
    config.s3_endpoint = Some(s3.endpoint());
    config.s3_region = Some("us-east-1".into());
    config.s3_access_key_id = Some(KEY_ID.into());
    config.s3_secret_access_key = Some(SECRET.into());
}

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([x as u8, y as u8, 90]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .expect("JPEG");
    out
}

async fn upload(http: &reqwest::Client, url: &str, bytes: Vec<u8>) -> (u16, Value) {
    let r = http
        .post(url)
        .header("content-type", "image/jpeg")
        .body(bytes)
        .send()
        .await
        .expect("upload");
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn photos_go_to_the_s3_bucket_and_refused_uploads_leave_nothing_there() {
    let s3 = LocalS3::start().await;
    let app = TestApp::start_with(|c| configure_s3(c, &s3, &format!("s3://{BUCKET}/ladeklar"))).await;
    let driver = signed_in_client(&app.server, reqwest::Client::builder(), DRIVER).await;
    let base = app.server.url();
    let r = driver
        .post(format!("{base}/api/v1/cases"))
        .json(&json!({"category": "physical_damage", "description": "The cable holder is cracked", "charger_id": CHARGER, "connector_id": 1}))
        .send()
        .await
        .expect("report");
    assert_eq!(r.status().as_u16(), 201);
    let case: Value = r.json().await.expect("case");
    let id = case["id"].as_str().expect("case id");
    let photos = format!("{base}/api/v1/cases/{id}/photos");

    let (status, photo) = upload(&driver, &photos, jpeg(80, 60)).await;
    assert_eq!(status, 201, "{photo}");
    let photo_id = photo["id"].as_str().expect("photo id");
    let r = driver
        .get(format!("{base}{}", photo["url"].as_str().expect("url")))
        .send()
        .await
        .expect("photo read");
    assert_eq!(r.status().as_u16(), 200);
    let served = r.bytes().await.expect("photo bytes").to_vec();
    let decoded = image::load_from_memory(&served).expect("a JPEG");
    assert_eq!((decoded.width(), decoded.height()), (80, 60));

    let stored = [
        format!("ladeklar/cases/{id}/{photo_id}-thumb.jpg"),
        format!("ladeklar/cases/{id}/{photo_id}.jpg"),
    ];
    assert_eq!(s3.keys().await, stored, "the photo and its thumbnail, under the prefix");
    let in_bucket = s3
        .bucket()
        .get(&ObjectPath::from(stored[1].as_str()))
        .await
        .expect("object read")
        .bytes()
        .await
        .expect("object bytes");
    assert_eq!(
        in_bucket.as_ref(),
        served.as_slice(),
        "the API serves the bucket's object"
    );
    assert!(
        !app.server_data_dir().join("photos").exists(),
        "no photo folder beside an S3 store"
    );

    // A second photo refused (not an image, a decompression bomb's header, over the limit):
    // nothing more in the bucket, no upload left in the data folder.
    let mut bomb = jpeg(16, 16);
    let sof = bomb.windows(2).position(|w| w == [0xFF, 0xC0]).expect("SOF0");
    bomb[sof + 5..sof + 9].copy_from_slice(&[0xEA, 0x60, 0xEA, 0x60]);
    for (bytes, status, code) in [
        (b"not a photo at all".to_vec(), 400, "not_an_image"),
        (bomb, 400, "image_dimensions"),
        (vec![0xFF; 10 * 1024 * 1024 + 1], 413, "photo_too_large"),
    ] {
        let (got, problem) = upload(&driver, &photos, bytes).await;
        assert_eq!((got, problem["code"].as_str()), (status, Some(code)), "{problem}");
    }
    assert_eq!(s3.keys().await, stored, "refused photos left no object");
    let uploads = std::fs::read_dir(app.server_data_dir().join("uploads")).expect("uploads folder");
    assert_eq!(uploads.count(), 0, "no upload left over");
    let r = driver
        .get(format!("{base}/api/v1/cases/{id}"))
        .send()
        .await
        .expect("case");
    let view: Value = r.json().await.expect("case view");
    assert_eq!(view["photos"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn a_photo_bucket_that_does_not_exist_stops_the_start_naming_it() {
    let s3 = LocalS3::start().await;
    let data = tempfile::tempdir().expect("temp dir");
    let mut config = ladeklar_server::Config::for_tests(data.path().to_path_buf());
    configure_s3(&mut config, &s3, "s3://no-such-bucket");
    let e = ladeklar_server::Server::start(config)
        .await
        .err()
        .expect("the start is refused");
    let message = format!("{e:#}");
    assert!(message.contains("s3://no-such-bucket"), "{message}");
}
