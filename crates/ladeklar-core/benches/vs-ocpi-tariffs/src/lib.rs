//! Both engines behind one signature: the CDR totals each computes for the same JSON.

use chrono_tz::Tz;
use ladeklar_core::pricing::cdr::{price_cdr, Cdr, CdrTotals};
use ladeklar_core::tariff::Tariff;
use rust_decimal::{Decimal, RoundingStrategy};

#[path = "../../common/cdr_sets.rs"]
pub mod cdr_sets;

/// Total cost excl. and incl. VAT, rounded to cents half away from zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub excl_vat: Decimal,
    pub incl_vat: Option<Decimal>,
}

pub fn cents(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Ours: parse both, price.
pub fn ladeklar(tariff_json: Option<&str>, cdr_json: &str, tz: Tz) -> Result<Totals, String> {
    let cdr = Cdr::from_json(cdr_json).map_err(|e| e.to_string())?;
    let tariffs = match tariff_json {
        Some(t) => vec![Tariff::from_json(t)
            .or_else(|_| Tariff::from_json_v211(t))
            .map_err(|e| e.to_string())?],
        None => vec![],
    };
    let p = price_cdr(&cdr, &tariffs, tz).map_err(|e| e.to_string())?;
    let t = CdrTotals::from_priced(&p, false);
    Ok(Totals {
        excl_vat: t.total_cost.excl_vat,
        incl_vat: Some(t.total_cost.incl_vat),
    })
}

/// Pre-parsed input for our engine (the benchmark excludes JSON parsing for both).
pub struct OursParsed {
    pub cdr: Cdr,
    pub tariffs: Vec<Tariff>,
}

pub fn ours_parse(tariff_json: &str, cdr_json: &str) -> OursParsed {
    OursParsed {
        cdr: Cdr::from_json(cdr_json).expect("CDR parses"),
        tariffs: vec![Tariff::from_json(tariff_json).expect("tariff parses")],
    }
}

pub fn ours_price(p: &OursParsed, tz: Tz) -> Decimal {
    price_cdr(&p.cdr, &p.tariffs, tz).expect("prices").total.incl_vat
}

/// ocpi-tariffs 0.48: parse both as OCPI 2.2.1 (or guess the version), price.
pub fn ocpi_tariffs(tariff_json: Option<&str>, cdr_json: &str, tz: Tz) -> Result<Totals, String> {
    use ocpi_tariffs::{cdr, price, tariff, Version};
    // A 2.1.1 CDR has `stop_date_time` where 2.2.1 has `end_date_time`.
    let version = if cdr_json.contains("\"stop_date_time\"") {
        Version::V211
    } else {
        Version::V221
    };
    let cdr = cdr::parse_with_version(cdr_json, version)
        .map_err(|e| format!("{e}"))?
        .cdr;
    let source = match tariff_json {
        Some(t) => {
            let parsed = tariff::parse_with_version(t, version).map_err(|e| format!("{e}"))?;
            price::TariffSource::single(parsed.tariff)
        }
        None => price::TariffSource::UseCdr,
    };
    let report = cdr::price(&cdr, source, tz).map_err(|e| {
        let (error, _) = e.into_parts();
        format!("{}", error.warning())
    })?;
    let (report, _warnings) = report.into_parts();
    let total = report
        .total_cost
        .calculated
        .ok_or_else(|| "ocpi-tariffs calculated no total".to_string())?;
    // Their total is at OCPI's 4 decimals; compare with [`close`], not by cents (double rounding).
    Ok(Totals {
        excl_vat: total.excl_vat.into(),
        incl_vat: total.incl_vat.map(Into::into),
    })
}

/// Ours (cents) and theirs (4 decimals) agree when theirs is within half a cent of ours.
/// incl-VAT is compared only when they could determine it.
pub fn close(ours: &Totals, theirs: &Totals) -> bool {
    let half_cent = Decimal::new(5, 3);
    let near = |a: Decimal, b: Decimal| (a - b).abs() <= half_cent;
    near(ours.excl_vat, theirs.excl_vat)
        && match (ours.incl_vat, theirs.incl_vat) {
            (Some(a), Some(b)) => near(a, b),
            _ => true,
        }
}
