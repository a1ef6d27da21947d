//! Where case photos are kept: one `object_store` behind [`PhotoStore`], a folder
//! (`LocalFileSystem`, `<data>/photos` by default) or S3-compatible object storage
//! (`--photo-store s3://bucket[/prefix]`, `AmazonS3`: AWS, MinIO, Ceph, moto in the tests).
//! The rest of the server sees only `put`, `get` and `delete` by key
//! (`cases/<case>/<photo>.jpg`). Uploads are never streamed here: they are received into
//! `<data>/uploads` within the size limit and processed first (`photos`), and only the
//! finished JPEG and its thumbnail are put.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, PutPayload, RetryConfig};

use crate::error::ApiError;

/// `--photo-store`: a folder, or `s3://bucket[/prefix]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhotoLocation {
    Folder(PathBuf),
    S3 { bucket: String, prefix: Option<String> },
}

/// Why a photo store setting was refused (it stops the start, naming the option).
#[derive(Debug, thiserror::Error)]
pub enum PhotoStoreError {
    #[error("--photo-store: {0:?} has no bucket (s3://bucket or s3://bucket/prefix)")]
    NoBucket(String),
    #[error("--photo-store: {0:?} is neither s3://bucket[/prefix] nor a folder (another URL scheme)")]
    Scheme(String),
    #[error("--photo-store: empty")]
    Empty,
    #[error("{option} is set, but --photo-store is not an s3:// location")]
    S3OptionWithoutS3 { option: &'static str },
    #[error("--s3-endpoint: {0:?} is not an http:// or https:// URL")]
    Endpoint(String),
    #[error("the photo folder {path}: {source}")]
    Folder { path: PathBuf, source: std::io::Error },
    #[error("the photo store {location}: {source}")]
    Store {
        location: String,
        source: object_store::Error,
    },
}

impl FromStr for PhotoLocation {
    type Err = PhotoStoreError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() {
            return Err(PhotoStoreError::Empty);
        }
        if let Some(rest) = s.strip_prefix("s3://") {
            let (bucket, prefix) = match rest.split_once('/') {
                Some((bucket, prefix)) => (bucket, prefix.trim_matches('/')),
                None => (rest, ""),
            };
            if bucket.is_empty() {
                return Err(PhotoStoreError::NoBucket(s.to_owned()));
            }
            return Ok(PhotoLocation::S3 {
                bucket: bucket.to_owned(),
                prefix: (!prefix.is_empty()).then(|| prefix.to_owned()),
            });
        }
        if let Some(path) = s.strip_prefix("file://") {
            return Ok(PhotoLocation::Folder(PathBuf::from(path)));
        }
        if s.contains("://") {
            return Err(PhotoStoreError::Scheme(s.to_owned()));
        }
        Ok(PhotoLocation::Folder(PathBuf::from(s)))
    }
}

impl fmt::Display for PhotoLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhotoLocation::Folder(path) => write!(f, "{}", path.display()),
            PhotoLocation::S3 { bucket, prefix: None } => write!(f, "s3://{bucket}"),
            PhotoLocation::S3 {
                bucket,
                prefix: Some(prefix),
            } => write!(f, "s3://{bucket}/{prefix}"),
        }
    }
}

/// The S3 settings besides the location; unset ones come from the usual `AWS_*`
/// environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
/// `AWS_REGION`, …) and then an instance's or container's credentials.
#[derive(Debug, Clone, Default)]
pub struct S3Settings {
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
}

impl S3Settings {
    fn first_set(&self) -> Option<&'static str> {
        [
            (self.endpoint.is_some(), "--s3-endpoint"),
            (self.region.is_some(), "--s3-region"),
            (self.access_key_id.is_some(), "--s3-access-key-id"),
            (self.secret_access_key.is_some(), "--s3-secret-access-key"),
        ]
        .into_iter()
        .find_map(|(set, name)| set.then_some(name))
    }
}

/// Where photos are kept.
#[derive(Clone)]
pub struct PhotoStore {
    objects: Arc<dyn ObjectStore>,
    location: Arc<str>,
}

impl PhotoStore {
    /// The store at `location` (`None`: `<data_dir>/photos`, made when missing). Nothing is
    /// contacted here: [`PhotoStore::check`] does that.
    pub fn open(location: Option<&PhotoLocation>, s3: &S3Settings, data_dir: &Path) -> Result<Self, PhotoStoreError> {
        let default = PhotoLocation::Folder(data_dir.join("photos"));
        let location = location.unwrap_or(&default);
        let objects: Arc<dyn ObjectStore> = match location {
            PhotoLocation::Folder(path) => {
                if let Some(option) = s3.first_set() {
                    return Err(PhotoStoreError::S3OptionWithoutS3 { option });
                }
                std::fs::create_dir_all(path).map_err(|source| PhotoStoreError::Folder {
                    path: path.clone(),
                    source,
                })?;
                let local = LocalFileSystem::new_with_prefix(path).map_err(|source| PhotoStoreError::Store {
                    location: location.to_string(),
                    source,
                })?;
                Arc::new(local)
            }
            PhotoLocation::S3 { bucket, prefix } => {
                let s3_store = s3_builder(bucket, s3)?
                    .build()
                    .map_err(|source| PhotoStoreError::Store {
                        location: location.to_string(),
                        source,
                    })?;
                match prefix {
                    Some(prefix) => Arc::new(PrefixStore::new(s3_store, prefix.as_str())),
                    None => Arc::new(s3_store),
                }
            }
        };
        Ok(Self {
            objects,
            location: location.to_string().into(),
        })
    }

    /// Reaches the store once (lists a page of `cases/`), so a wrong bucket, endpoint or
    /// credentials stop the start instead of the first upload.
    pub async fn check(&self) -> Result<(), PhotoStoreError> {
        self.objects
            .list_with_delimiter(Some(&ObjectPath::from("cases")))
            .await
            .map(|_| ())
            .map_err(|source| PhotoStoreError::Store {
                location: self.location.to_string(),
                source,
            })
    }

    /// Where the photos are, for the banner and logs.
    pub fn location(&self) -> &str {
        &self.location
    }

    pub async fn get(&self, key: &str) -> Result<Vec<u8>, ApiError> {
        let got = self
            .objects
            .get(&ObjectPath::from(key))
            .await
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("reading photo {key}: {e}")))?;
        let bytes = got
            .bytes()
            .await
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("reading photo {key}: {e}")))?;
        Ok(bytes.to_vec())
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), ApiError> {
        self.objects
            .put(&ObjectPath::from(key), PutPayload::from(bytes))
            .await
            .map(|_| ())
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("storing photo {key}: {e}")))
    }

    /// Deletes a photo that will not be recorded; a failure is logged (the photo is then
    /// an orphan the log names).
    pub async fn delete(&self, key: &str) {
        if let Err(e) = self.objects.delete(&ObjectPath::from(key)).await {
            tracing::warn!(%key, error = %e, "could not delete a photo that was not recorded");
        }
    }
}

fn s3_builder(bucket: &str, s3: &S3Settings) -> Result<AmazonS3Builder, PhotoStoreError> {
    let mut builder = AmazonS3Builder::from_env()
        .with_bucket_name(bucket)
        // A photo request waits a few seconds for a store that does not answer, not minutes.
        .with_retry(RetryConfig {
            max_retries: 3,
            retry_timeout: Duration::from_secs(15),
            ..RetryConfig::default()
        });
    if let Some(endpoint) = &s3.endpoint {
        let endpoint = endpoint.trim_end_matches('/');
        let http = endpoint.starts_with("http://");
        if !http && !endpoint.starts_with("https://") {
            return Err(PhotoStoreError::Endpoint(endpoint.to_owned()));
        }
        builder = builder.with_endpoint(endpoint).with_allow_http(http);
    }
    if let Some(region) = &s3.region {
        builder = builder.with_region(region);
    }
    if let Some(key) = &s3.access_key_id {
        builder = builder.with_access_key_id(key);
    }
    if let Some(secret) = &s3.secret_access_key {
        builder = builder.with_secret_access_key(secret);
    }
    Ok(builder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_is_an_s3_bucket_with_an_optional_prefix_or_a_folder() {
        assert_eq!(
            "s3://photos".parse::<PhotoLocation>().unwrap(),
            PhotoLocation::S3 {
                bucket: "photos".into(),
                prefix: None
            }
        );
        assert_eq!(
            "s3://photos/ladeklar/prod/".parse::<PhotoLocation>().unwrap(),
            PhotoLocation::S3 {
                bucket: "photos".into(),
                prefix: Some("ladeklar/prod".into())
            }
        );
        assert_eq!(
            "/var/lib/ladeklar/photos".parse::<PhotoLocation>().unwrap(),
            PhotoLocation::Folder("/var/lib/ladeklar/photos".into())
        );
        assert_eq!(
            "file:///srv/photos".parse::<PhotoLocation>().unwrap(),
            PhotoLocation::Folder("/srv/photos".into())
        );
        assert!(matches!(
            "s3://".parse::<PhotoLocation>(),
            Err(PhotoStoreError::NoBucket(_))
        ));
        assert!(matches!(
            "gs://photos".parse::<PhotoLocation>(),
            Err(PhotoStoreError::Scheme(_))
        ));
        assert_eq!(
            "s3://photos/a".parse::<PhotoLocation>().unwrap().to_string(),
            "s3://photos/a"
        );
    }

    #[test]
    fn s3_settings_without_an_s3_location_stop_the_start_naming_them() {
        let dir = tempfile::tempdir().unwrap();
        let s3 = S3Settings {
            endpoint: Some("http://127.0.0.1:9000".into()),
            ..S3Settings::default()
        };
        let e = PhotoStore::open(None, &s3, dir.path()).err().unwrap();
        assert!(e.to_string().contains("--s3-endpoint"), "{e}");
        let location: PhotoLocation = "s3://photos".parse().unwrap();
        let s3 = S3Settings {
            endpoint: Some("127.0.0.1:9000".into()),
            ..S3Settings::default()
        };
        let e = PhotoStore::open(Some(&location), &s3, dir.path()).err().unwrap();
        assert!(e.to_string().contains("--s3-endpoint"), "{e}");
    }
}
