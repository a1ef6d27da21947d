//! A case's photos: the upload is streamed to a file under the data folder with core's
//! 10 MB limit enforced while it is read (never the whole body in memory), the format is
//! sniffed (JPEG, PNG, WebP only), the dimensions are read from the header and checked by
//! core before anything is decoded (a decompression bomb never is), the decoder runs under
//! `image`'s `Limits`, the picture is turned upright and re-encoded as JPEG (no metadata, so
//! no EXIF GPS position), a thumbnail is made, both are put in the photo store
//! (`photo_store`: a folder, or S3-compatible object storage), and only then is the row written
//! with its timeline line — in one transaction that also applies core's count rule. When the
//! row cannot be written, the stored files are deleted: no orphaned photo.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use ladeklar_core::support::photo::{
    check_count, check_dimensions, check_size, MAX_DECODE_BYTES, MAX_SIDE, THUMBNAIL_SIDE,
};
use ladeklar_store::{instant_str, CaseRow, NewTimelineEntry, PhotoRow};
use tokio::io::AsyncWriteExt;

use super::notify;
pub use super::photo_store::PhotoStore;
use crate::error::ApiError;
use crate::AppState;

/// The photo store, the folder uploads are streamed to first, and the decoding turns.
#[derive(Clone)]
pub struct Photos {
    store: PhotoStore,
    uploads: PathBuf,
    /// Photos decoded at once: each may take up to core's `MAX_DECODE_BYTES` of memory and
    /// a core's time, so the rest wait their turn.
    decoding: Arc<tokio::sync::Semaphore>,
}

impl Photos {
    /// Photos in `store`, uploads in `<data>/uploads` (made when missing; what a stopped
    /// server left half received there is removed).
    pub fn new(store: PhotoStore, data_dir: &Path) -> anyhow::Result<Self> {
        let uploads = data_dir.join("uploads");
        std::fs::create_dir_all(&uploads)?;
        for entry in std::fs::read_dir(&uploads)?.flatten() {
            if entry.path().extension().is_some_and(|e| e == "part") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Ok(Self {
            store,
            uploads,
            decoding: Arc::new(tokio::sync::Semaphore::new(DECODING_AT_ONCE)),
        })
    }

    /// The photo store.
    pub fn store(&self) -> &PhotoStore {
        &self.store
    }

    pub async fn get(&self, key: &str) -> Result<Vec<u8>, ApiError> {
        self.store.get(key).await
    }
}

/// How many photos are decoded at once.
const DECODING_AT_ONCE: usize = 2;

/// The upload's file, removed however the request ends.
struct TempUpload(PathBuf);

impl Drop for TempUpload {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A photo ready to store.
pub struct Processed {
    pub jpeg: Vec<u8>,
    pub thumbnail: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

fn not_an_image(e: impl std::fmt::Display) -> ApiError {
    ApiError::NotAnImage(e.to_string())
}

fn encode_jpeg(img: &DynamicImage) -> Result<Vec<u8>, ApiError> {
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    DynamicImage::ImageRgb8(img.to_rgb8())
        .write_with_encoder(encoder)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("encoding a photo: {e}")))?;
    Ok(out)
}

/// Decodes the file at `path` (checked as described in the module documentation) and
/// re-encodes it and its thumbnail. Blocking: run it off the async threads.
pub fn process(path: &Path) -> Result<Processed, ApiError> {
    let open = || -> Result<ImageReader<std::io::BufReader<std::fs::File>>, ApiError> {
        ImageReader::open(path)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("reading the upload: {e}")))?
            .with_guessed_format()
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("reading the upload: {e}")))
    };
    if let Some(brand) = heic_brand(&read_head(path)?) {
        return Err(not_an_image(format!(
            "HEIC photos can't be read here yet — please send JPEG, PNG or WebP (the file is HEIF, brand {brand:?})"
        )));
    }
    let mut reader = open()?;
    match reader.format() {
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) => {}
        Some(other) => return Err(not_an_image(format!("{other:?} is not accepted"))),
        None => return Err(not_an_image("the file's format is not recognised")),
    }
    let (width, height) = open()?.into_dimensions().map_err(not_an_image)?;
    check_dimensions(width, height).map_err(ApiError::PhotoRefused)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(decode_error)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(decode_error)?;
    img.apply_orientation(orientation);
    let thumbnail = encode_jpeg(&img.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE))?;
    Ok(Processed {
        jpeg: encode_jpeg(&img)?,
        thumbnail,
        width: img.width(),
        height: img.height(),
    })
}

/// The first bytes of the upload (enough for an ISO-BMFF `ftyp` box's brands).
fn read_head(path: &Path) -> Result<Vec<u8>, ApiError> {
    use std::io::Read;
    let mut head = Vec::with_capacity(HEAD_BYTES);
    std::fs::File::open(path)
        .and_then(|f| f.take(HEAD_BYTES as u64).read_to_end(&mut head))
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("reading the upload: {e}")))?;
    Ok(head)
}

const HEAD_BYTES: usize = 256;

/// The HEIC brand of a file starting with an ISO-BMFF `ftyp` box whose major or compatible
/// brands are HEVC-coded HEIF (what phones save as `.heic`), whatever the file is called.
/// AVIF (also HEIF) is not HEIC: the `image` crate names it, and it is refused as a format.
/// **Decision:** HEIC is refused in words rather than decoded: the Rust binding (`libheif-rs`)
/// needs libheif ≥ 1.17, Debian 12 ships 1.15, and building libheif with its HEVC decoder
/// from source would make every build and CI depend on a C toolchain for an untrusted-input
/// parser (ARCHITECTURE.md).
pub fn heic_brand(head: &[u8]) -> Option<String> {
    const HEIC: [&[u8; 4]; 8] = [b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"];
    if head.get(4..8) != Some(b"ftyp".as_slice()) {
        return None;
    }
    let size = usize::try_from(u32::from_be_bytes(head.get(0..4)?.try_into().ok()?)).ok()?;
    let end = size.min(head.len());
    // The major brand at 8, the minor version at 12, then compatible brands.
    let brands: Vec<&[u8]> = std::iter::once(head.get(8..12)?)
        .chain(head.get(16..end).unwrap_or_default().chunks_exact(4))
        .collect();
    if brands.iter().any(|b| *b == b"avif" || *b == b"avis") {
        return None;
    }
    brands
        .iter()
        .find(|b| HEIC.iter().any(|h| h.as_slice() == **b))
        .map(|b| String::from_utf8_lossy(b).into_owned())
}

fn decode_error(e: image::ImageError) -> ApiError {
    match e {
        image::ImageError::Limits(l) => ApiError::NotAnImage(format!("the image is too large to decode: {l}")),
        other => not_an_image(other),
    }
}

/// Streams `body` to a file, refusing it as soon as it passes the limit.
async fn receive(uploads: &Path, body: Body, declared: Option<u64>) -> Result<(TempUpload, u64), ApiError> {
    if let Some(len) = declared {
        check_size(len).map_err(ApiError::PhotoRefused)?;
    }
    let temp = TempUpload(uploads.join(format!("{}.part", uuid::Uuid::new_v4())));
    let mut file = tokio::fs::File::create(&temp.0)
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("creating {}: {e}", temp.0.display())))?;
    let mut received: u64 = 0;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| ApiError::InvalidRequest(format!("the upload broke off: {e}")))?;
        received += chunk.len() as u64;
        check_size(received).map_err(ApiError::PhotoRefused)?;
        file.write_all(&chunk)
            .await
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("writing the upload: {e}")))?;
    }
    file.flush()
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("writing the upload: {e}")))?;
    if received == 0 {
        return Err(ApiError::NotAnImage("the upload is empty".into()));
    }
    Ok((temp, received))
}

/// Adds a photo to the case; answers its row.
pub async fn add_photo(
    state: &AppState,
    row: &CaseRow,
    uploaded_by: Option<String>,
    actor: String,
    body: Body,
    declared: Option<u64>,
    now: DateTime<Utc>,
) -> Result<PhotoRow, ApiError> {
    let existing = state.store.case_photos(&row.id).await?.len();
    check_count(existing).map_err(ApiError::PhotoRefused)?;
    let photos = &state.photos;
    let (temp, _) = receive(&photos.uploads, body, declared).await?;
    let path = temp.0.clone();
    let _turn = photos
        .decoding
        .acquire()
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("photo decoding closed: {e}")))?;
    let processed = tokio::task::spawn_blocking(move || process(&path))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("processing a photo: {e}")))??;
    drop(temp);
    let id = uuid::Uuid::new_v4().to_string();
    let object_key = format!("cases/{}/{id}.jpg", row.id);
    let thumb_key = format!("cases/{}/{id}-thumb.jpg", row.id);
    let bytes = processed.jpeg.len();
    let photos = &photos.store;
    photos.put(&object_key, processed.jpeg).await?;
    if let Err(e) = photos.put(&thumb_key, processed.thumbnail).await {
        photos.delete(&object_key).await;
        return Err(e);
    }
    let photo = PhotoRow {
        id,
        case_id: row.id.clone(),
        content_type: "image/jpeg".into(),
        bytes: i64::try_from(bytes).unwrap_or(i64::MAX),
        width: i64::from(processed.width),
        height: i64::from(processed.height),
        object_key: object_key.clone(),
        thumb_key: thumb_key.clone(),
        uploaded_at: instant_str(now),
        uploaded_by,
    };
    let words = super::words::photo_added();
    let entry = super::words::with_nb(
        NewTimelineEntry {
            at: now,
            kind: "photo",
            actor,
            for_driver: true,
            text: words.en,
            data: Some(serde_json::json!({"photo": photo.id})),
        },
        words.nb,
    );
    let recorded = state
        .store
        .add_case_photo(&photo, &entry, |n| check_count(n).is_ok(), now)
        .await;
    match recorded {
        Ok(true) => {
            notify(state, &row.id);
            Ok(photo)
        }
        Ok(false) => {
            photos.delete(&object_key).await;
            photos.delete(&thumb_key).await;
            Err(ApiError::PhotoRefused(
                ladeklar_core::support::photo::PhotoRefused::TooMany {
                    max: ladeklar_core::support::photo::MAX_PHOTOS_PER_CASE,
                },
            ))
        }
        Err(e) => {
            photos.delete(&object_key).await;
            photos.delete(&thumb_key).await;
            Err(e.into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::heic_brand;

    fn ftyp(major: &[u8; 4], compatible: &[&[u8; 4]]) -> Vec<u8> {
        let size = 16 + 4 * compatible.len();
        let mut b = u32::try_from(size).unwrap().to_be_bytes().to_vec();
        b.extend(b"ftyp");
        b.extend(major);
        b.extend([0, 0, 0, 0]);
        for c in compatible {
            b.extend(*c);
        }
        b.extend(b"\0\0\0\x08meta");
        b
    }

    #[test]
    fn heic_is_known_by_its_ftyp_brands() {
        assert_eq!(heic_brand(&ftyp(b"heic", &[b"mif1", b"heic"])).as_deref(), Some("heic"));
        assert_eq!(heic_brand(&ftyp(b"mif1", &[b"heix"])).as_deref(), Some("heix"));
        assert_eq!(
            heic_brand(&ftyp(b"avif", &[b"mif1", b"miaf"])),
            None,
            "AVIF is not HEIC"
        );
        assert_eq!(heic_brand(&ftyp(b"mif1", &[b"avif", b"heic"])), None);
        assert_eq!(heic_brand(&ftyp(b"isom", &[b"mp41"])), None, "an MP4 video");
        assert_eq!(heic_brand(b"\xFF\xD8\xFF\xE0 a JPEG"), None);
        assert_eq!(heic_brand(b""), None);
        assert_eq!(heic_brand(b"\0\0\0\x18ftyp"), None, "cut short");
    }
}
