//! What the driver asked to see: plug types, a minimum power, "available now", a maximum
//! price for the driver's estimated session ([`super::price`]). Parsed from URL parameters
//! (an unknown value is refused naming the parameter) and matched against what is known of
//! a charger.

use serde::{Deserialize, Serialize};

/// A plug standard a driver filters by (the API's `ConnectorStandard` names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Plug {
    Type2,
    Ccs2,
    Chademo,
}

impl Plug {
    pub const ALL: [Plug; 3] = [Plug::Type2, Plug::Ccs2, Plug::Chademo];

    pub fn as_str(self) -> &'static str {
        match self {
            Plug::Type2 => "type2",
            Plug::Ccs2 => "ccs2",
            Plug::Chademo => "chademo",
        }
    }

    pub fn parse(s: &str) -> Option<Plug> {
        Plug::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// This plug as one bit of a set.
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// Why a filter parameter was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FilterError {
    #[error("connector: unknown plug {0:?} (type2, ccs2, chademo; comma-separated)")]
    UnknownPlug(String),
    #[error("min_power_kw: {0} is not a power between 0 and 1000 kW")]
    Power(f64),
    #[error("max_price: {0} is not a price between 0 and 100000 (the charger's currency)")]
    Price(f64),
    #[error("ids: {0}")]
    Ids(String),
}

/// What is known of a charger for filtering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChargerFacts {
    /// The set of its connectors' plugs ([`Plug::bit`]s).
    pub plugs: u8,
    /// Its strongest connector, W.
    pub max_power_w: u32,
    /// Whether a connector is Available and the charger is online now.
    pub available_now: bool,
    /// The estimated price of the default session ([`super::price::default_session`]) incl.
    /// VAT in hundredths of the charger's currency (øre, öre); `None` when it cannot be
    /// priced.
    pub estimate_centi: Option<u32>,
}

/// A driver's filter; the default shows everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChargerFilter {
    /// Plugs wanted (any of them): `0` is any plug.
    pub plugs: u8,
    pub min_power_w: u32,
    pub available_now: bool,
    /// At most this estimate ([`ChargerFacts::estimate_centi`]); a charger that cannot be
    /// priced does not pass.
    pub max_price_centi: Option<u32>,
}

impl ChargerFilter {
    /// From the URL's `connector` (comma-separated plug names), `min_power_kw`,
    /// `available` and `max_price` parameters.
    pub fn parse(
        connector: Option<&str>,
        min_power_kw: Option<f64>,
        available: Option<bool>,
        max_price: Option<f64>,
    ) -> Result<Self, FilterError> {
        let mut plugs = 0;
        for name in connector
            .into_iter()
            .flat_map(|c| c.split(','))
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            plugs |= Plug::parse(name)
                .ok_or_else(|| FilterError::UnknownPlug(name.to_owned()))?
                .bit();
        }
        let min_power_w = match min_power_kw {
            None => 0,
            Some(kw) if kw.is_finite() && (0.0..=1000.0).contains(&kw) => (kw * 1000.0).round() as u32,
            Some(kw) => return Err(FilterError::Power(kw)),
        };
        let max_price_centi = match max_price {
            None => None,
            Some(p) if p.is_finite() && (0.0..=100_000.0).contains(&p) => Some((p * 100.0).round() as u32),
            Some(p) => return Err(FilterError::Price(p)),
        };
        Ok(Self {
            plugs,
            min_power_w,
            available_now: available.unwrap_or(false),
            max_price_centi,
        })
    }

    pub fn matches(&self, c: &ChargerFacts) -> bool {
        (self.plugs == 0 || self.plugs & c.plugs != 0)
            && c.max_power_w >= self.min_power_w
            && (!self.available_now || c.available_now)
            && self
                .max_price_centi
                .is_none_or(|max| c.estimate_centi.is_some_and(|e| e <= max))
    }

    /// Whether the filter can be decided without knowing "available now".
    pub fn needs_live_status(&self) -> bool {
        self.available_now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DC: ChargerFacts = ChargerFacts {
        plugs: 0b010,
        max_power_w: 150_000,
        available_now: false,
        estimate_centi: Some(21_000),
    };

    #[test]
    fn filters_by_plug_power_and_availability() {
        assert!(ChargerFilter::default().matches(&DC));
        let ccs = ChargerFilter::parse(Some("ccs2, chademo"), Some(50.0), None, None).unwrap();
        assert!(ccs.matches(&DC));
        assert!(!ChargerFilter::parse(Some("type2"), None, None, None)
            .unwrap()
            .matches(&DC));
        assert!(!ChargerFilter::parse(None, Some(151.0), None, None)
            .unwrap()
            .matches(&DC));
        assert!(!ChargerFilter::parse(None, None, Some(true), None).unwrap().matches(&DC));
    }

    #[test]
    fn unknown_values_name_the_parameter() {
        let e = ChargerFilter::parse(Some("type2,tesla"), None, None, None).unwrap_err();
        assert_eq!(e, FilterError::UnknownPlug("tesla".into()));
        assert!(e.to_string().starts_with("connector:"));
        assert!(ChargerFilter::parse(None, Some(-1.0), None, None)
            .unwrap_err()
            .to_string()
            .starts_with("min_power_kw:"));
        assert!(ChargerFilter::parse(None, Some(f64::NAN), None, None).is_err());
        for bad in [-1.0, f64::INFINITY, 100_001.0] {
            let e = ChargerFilter::parse(None, None, None, Some(bad)).unwrap_err();
            assert!(e.to_string().starts_with("max_price:"), "{e}");
        }
    }

    #[test]
    fn a_maximum_price_needs_an_estimate_at_or_under_it() {
        let at = |p: f64| ChargerFilter::parse(None, None, None, Some(p)).unwrap();
        assert!(at(210.0).matches(&DC));
        assert!(at(300.0).matches(&DC));
        assert!(!at(209.99).matches(&DC));
        let unpriced = ChargerFacts {
            estimate_centi: None,
            ..DC
        };
        assert!(!at(1000.0).matches(&unpriced));
        assert!(ChargerFilter::default().matches(&unpriced));
    }
}
