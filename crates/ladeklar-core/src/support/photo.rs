//! A case's photos: what is accepted. The server streams, decodes and re-encodes; these
//! are the limits it applies.
//!
//! - at most [`MAX_PHOTO_BYTES`] (10 MB) as uploaded — checked while the upload is read;
//! - at most [`MAX_PHOTOS_PER_CASE`] photos on a case;
//! - each side at most [`MAX_SIDE`] pixels and at most [`MAX_PIXELS`] in all: a small file
//!   that decodes to a huge image (a decompression bomb) is refused before it is decoded;
//! - kept re-encoded (no metadata: no EXIF, so no GPS position), with a thumbnail of at
//!   most [`THUMBNAIL_SIDE`] pixels a side.

use serde::{Deserialize, Serialize};

pub const MAX_PHOTO_BYTES: u64 = 10 * 1024 * 1024;
pub const MAX_PHOTOS_PER_CASE: usize = 5;
pub const MAX_SIDE: u32 = 12_000;
pub const MAX_PIXELS: u64 = 50_000_000;
pub const THUMBNAIL_SIDE: u32 = 320;
/// The memory a decoder may take: the largest accepted image in RGBA, with room.
pub const MAX_DECODE_BYTES: u64 = MAX_PIXELS * 4 + 16 * 1024 * 1024;

/// Why a photo is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "refusal", rename_all = "snake_case")]
pub enum PhotoRefused {
    #[error("the photo is larger than {max} bytes (10 MB)")]
    TooLarge { max: u64 },
    #[error("a case has at most {max} photos")]
    TooMany { max: usize },
    #[error(
        "the image is {width} × {height} pixels; at most {max_side} a side and {max_pixels} pixels in all are accepted"
    )]
    Dimensions {
        width: u32,
        height: u32,
        max_side: u32,
        max_pixels: u64,
    },
}

/// Whether one more photo fits on a case that has `existing`.
pub fn check_count(existing: usize) -> Result<(), PhotoRefused> {
    if existing >= MAX_PHOTOS_PER_CASE {
        return Err(PhotoRefused::TooMany {
            max: MAX_PHOTOS_PER_CASE,
        });
    }
    Ok(())
}

/// Whether an upload of `bytes` so far is still within the limit.
pub fn check_size(bytes: u64) -> Result<(), PhotoRefused> {
    if bytes > MAX_PHOTO_BYTES {
        return Err(PhotoRefused::TooLarge { max: MAX_PHOTO_BYTES });
    }
    Ok(())
}

/// Whether an image of `width` × `height` (read from its header) may be decoded.
pub fn check_dimensions(width: u32, height: u32) -> Result<(), PhotoRefused> {
    let pixels = u64::from(width) * u64::from(height);
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE || pixels > MAX_PIXELS {
        return Err(PhotoRefused::Dimensions {
            width,
            height,
            max_side: MAX_SIDE,
            max_pixels: MAX_PIXELS,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits() {
        assert!(check_count(4).is_ok());
        assert_eq!(check_count(5), Err(PhotoRefused::TooMany { max: 5 }));
        assert!(check_size(MAX_PHOTO_BYTES).is_ok());
        assert!(check_size(MAX_PHOTO_BYTES + 1).is_err());
        assert!(check_dimensions(4000, 3000).is_ok());
        assert!(check_dimensions(12_000, 12_000).is_err(), "144 MP");
        assert!(check_dimensions(20_000, 10).is_err());
        assert!(check_dimensions(0, 10).is_err());
    }
}
