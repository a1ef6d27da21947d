//! The price in words of each tariff, made once: every charger in a list shows its site's
//! tariff in English and Norwegian, and describing a tariff (parse, then core's
//! `tariff::words::describe` twice) cost about 80 µs — most of a list's time. Sites share a
//! few tariffs, so the words are kept per tariff text (at most 4,096 tariffs; beyond that the
//! cache starts over).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use ladeklar_core::tariff::words::{describe, Lang};
use ladeklar_core::tariff::Tariff;

/// A tariff's words and currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    pub en: String,
    pub nb: String,
    pub currency: String,
}

#[derive(Debug, Default)]
pub struct TariffWords {
    cache: Mutex<HashMap<String, Arc<Words>>>,
}

const MAX_TARIFFS: usize = 4096;

impl TariffWords {
    pub fn of(&self, tariff_json: &str) -> anyhow::Result<Arc<Words>> {
        if let Some(words) = self.cache.lock().ok().and_then(|c| c.get(tariff_json).cloned()) {
            return Ok(words);
        }
        let tariff = Tariff::from_json(tariff_json)?;
        let words = Arc::new(Words {
            en: describe(&tariff, Lang::En),
            nb: describe(&tariff, Lang::Nb),
            currency: tariff.currency.clone(),
        });
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= MAX_TARIFFS {
                cache.clear();
            }
            cache.insert(tariff_json.to_owned(), words.clone());
        }
        Ok(words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_are_cores_and_made_once_per_tariff() {
        let json = include_str!("../demo/sites.json");
        let sites: serde_json::Value = serde_json::from_str(json).unwrap();
        let tariff = sites["sites"][0]["tariff"].to_string();
        let cache = TariffWords::default();
        let words = cache.of(&tariff).unwrap();
        let parsed = Tariff::from_json(&tariff).unwrap();
        assert_eq!(words.en, describe(&parsed, Lang::En));
        assert_eq!(words.nb, describe(&parsed, Lang::Nb));
        assert!(Arc::ptr_eq(&words, &cache.of(&tariff).unwrap()));
        assert!(cache.of("{not a tariff").is_err());
    }
}
