//! The map's base layer for deployments with a tile server: `--map-tiles-url` (a Leaflet
//! URL template with `{z}`, `{x}` and `{y}`, optionally `{s}` and `{r}`; http(s) or a path on
//! this server) and `--map-tiles-attribution` (the credit the tiles require), handed to the
//! app by `GET /api/v1/map-config`. **Decision:** none by default — the product must run
//! without internet, and the app then draws country outlines (Natural Earth) only.

use std::fmt;
use std::str::FromStr;

/// A checked tile URL template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileUrl(String);

/// Why a tile URL was refused (it stops the start, naming the option).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TileUrlError {
    #[error("--map-tiles-url: {0:?} is not http(s):// or a path starting with /")]
    Scheme(String),
    #[error("--map-tiles-url: {0:?} lacks {{z}}, {{x}} or {{y}}")]
    Placeholders(String),
    #[error("--map-tiles-url: {0:?} has spaces, quotes or control characters")]
    Characters(String),
}

impl FromStr for TileUrl {
    type Err = TileUrlError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '\'')
        {
            return Err(TileUrlError::Characters(s.to_owned()));
        }
        let scheme_ok =
            s.starts_with("https://") || s.starts_with("http://") || (s.starts_with('/') && !s.starts_with("//"));
        if !scheme_ok {
            return Err(TileUrlError::Scheme(s.to_owned()));
        }
        if !["{z}", "{x}", "{y}"].iter().all(|p| s.contains(p)) {
            return Err(TileUrlError::Placeholders(s.to_owned()));
        }
        Ok(TileUrl(s.to_owned()))
    }
}

impl fmt::Display for TileUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_needs_a_scheme_and_its_placeholders() {
        assert!("https://tile.example.no/{z}/{x}/{y}.png".parse::<TileUrl>().is_ok());
        assert!("/tiles/{z}/{x}/{y}{r}.png".parse::<TileUrl>().is_ok());
        for bad in [
            "ftp://t/{z}/{x}/{y}",
            "//t/{z}/{x}/{y}",
            "https://t/{z}/{x}.png",
            "https://t/{z}/{x}/{y}.png\" onerror=x",
        ] {
            let e = bad.parse::<TileUrl>().unwrap_err();
            assert!(e.to_string().starts_with("--map-tiles-url:"), "{bad}: {e}");
        }
    }
}
