//! Tariff validation: every problem at once, each with its JSON path and a plain sentence an
//! owner's form can show as it is.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{ReservationRestrictionType, Tariff, TariffDimensionType, TariffRestrictions};

/// One problem in a tariff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// JSON path, e.g. `elements[1].price_components[0].vat`.
    pub path: String,
    /// A stable code the UI may branch on.
    pub code: ProblemCode,
    /// A plain English sentence.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    InvalidJson,
    InvalidCurrency,
    NoElements,
    NoPriceComponents,
    NegativePrice,
    VatOutOfRange,
    ZeroStepSize,
    DuplicateDimension,
    EndBeforeStart,
    NegativeValue,
    EmptyTimeWindow,
    DuplicateDay,
    MinAboveMax,
    ReservationDimension,
    UnreachableElement,
}

/// Validates tariff JSON: a parse error is one problem with the path of the bad field.
pub fn validate_json(json: &str) -> Vec<Problem> {
    match super::parse_json_with_path::<Tariff>(json) {
        Ok(t) => validate(&t),
        Err((path, e)) => vec![Problem {
            path: if path.is_empty() { ".".into() } else { path },
            code: ProblemCode::InvalidJson,
            message: e.to_string(),
        }],
    }
}

/// Every problem in `t`; empty when the tariff is sound.
pub fn validate(t: &Tariff) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut push = |path: String, code, message: String| out.push(Problem { path, code, message });
    if t.currency.len() != 3 || !t.currency.bytes().all(|b| b.is_ascii_uppercase()) {
        push(
            "currency".into(),
            ProblemCode::InvalidCurrency,
            format!(
                "Currency {:?} is not a three-letter ISO 4217 code such as NOK.",
                t.currency
            ),
        );
    }
    if t.elements.is_empty() {
        push(
            "elements".into(),
            ProblemCode::NoElements,
            "The tariff has no elements, so nothing can be priced.".into(),
        );
    }
    if let (Some(s), Some(e)) = (t.start_date_time, t.end_date_time) {
        if e <= s {
            push(
                "end_date_time".into(),
                ProblemCode::EndBeforeStart,
                "The tariff ends before it starts.".into(),
            );
        }
    }
    for (name, p) in [("min_price", t.min_price), ("max_price", t.max_price)] {
        if let Some(p) = p {
            if p.excl_vat < Decimal::ZERO || p.incl_vat < Decimal::ZERO {
                push(
                    name.into(),
                    ProblemCode::NegativePrice,
                    format!("The {name} is negative."),
                );
            }
            if p.incl_vat < p.excl_vat {
                push(
                    format!("{name}.incl_vat"),
                    ProblemCode::MinAboveMax,
                    format!("The {name} including VAT is lower than excluding VAT."),
                );
            }
        }
    }
    if let (Some(min), Some(max)) = (t.min_price, t.max_price) {
        if min.excl_vat > max.excl_vat || min.incl_vat > max.incl_vat {
            push(
                "min_price".into(),
                ProblemCode::MinAboveMax,
                "The minimum price is higher than the maximum price.".into(),
            );
        }
    }
    for (i, el) in t.elements.iter().enumerate() {
        let base = format!("elements[{i}]");
        if el.price_components.is_empty() {
            push(
                format!("{base}.price_components"),
                ProblemCode::NoPriceComponents,
                format!("Element {} has no prices.", i + 1),
            );
        }
        let mut seen = Vec::new();
        let reservation = el.restrictions.as_ref().and_then(|r| r.reservation).is_some();
        for (j, c) in el.price_components.iter().enumerate() {
            let path = format!("{base}.price_components[{j}]");
            if c.price < Decimal::ZERO {
                push(
                    format!("{path}.price"),
                    ProblemCode::NegativePrice,
                    format!("The price {} is negative.", c.price),
                );
            }
            if let Some(vat) = c.vat {
                if vat < Decimal::ZERO || vat > Decimal::ONE_HUNDRED {
                    push(
                        format!("{path}.vat"),
                        ProblemCode::VatOutOfRange,
                        format!("VAT {vat} % is not between 0 and 100 %."),
                    );
                }
            }
            if c.step_size == 0 && c.dimension != TariffDimensionType::Flat {
                push(
                    format!("{path}.step_size"),
                    ProblemCode::ZeroStepSize,
                    "The step size is 0; use 1 to bill exactly.".into(),
                );
            }
            if seen.contains(&c.dimension) {
                push(
                    format!("{path}.type"),
                    ProblemCode::DuplicateDimension,
                    format!("The element prices {:?} twice; only the first is used.", c.dimension),
                );
            }
            seen.push(c.dimension);
            if reservation && !matches!(c.dimension, TariffDimensionType::Flat | TariffDimensionType::Time) {
                push(
                    format!("{path}.type"),
                    ProblemCode::ReservationDimension,
                    "A reservation element can only have FLAT and TIME prices.".into(),
                );
            }
        }
        if let Some(r) = &el.restrictions {
            restrictions(r, &format!("{base}.restrictions"), &mut push);
        }
        // An element is never used when an earlier element without restrictions prices every
        // dimension it has.
        for (k, earlier) in t.elements.iter().enumerate().take(i) {
            let unrestricted = earlier.restrictions.as_ref().is_none_or(TariffRestrictions::is_empty);
            let covers = el
                .price_components
                .iter()
                .all(|c| earlier.price_components.iter().any(|e| e.dimension == c.dimension));
            let same_reservation = el.restrictions.as_ref().and_then(|r| r.reservation).is_none();
            if unrestricted && covers && same_reservation && !el.price_components.is_empty() {
                push(
                    base.clone(),
                    ProblemCode::UnreachableElement,
                    format!(
                        "Element {} can never apply: element {} has no restrictions and prices the same.",
                        i + 1,
                        k + 1
                    ),
                );
                break;
            }
        }
    }
    out
}

fn restrictions(r: &TariffRestrictions, base: &str, push: &mut impl FnMut(String, ProblemCode, String)) {
    if let (Some(s), Some(e)) = (r.start_time, r.end_time) {
        if s == e {
            push(
                format!("{base}.end_time"),
                ProblemCode::EmptyTimeWindow,
                "Start and end time are equal; the element applies all day. Leave both out to say so.".into(),
            );
        }
    }
    if let (Some(s), Some(e)) = (r.start_date, r.end_date) {
        if e <= s {
            push(
                format!("{base}.end_date"),
                ProblemCode::EndBeforeStart,
                "The end date is not after the start date (end date is exclusive).".into(),
            );
        }
    }
    let pairs = [
        ("kwh", r.min_kwh, r.max_kwh),
        ("current", r.min_current, r.max_current),
        ("power", r.min_power, r.max_power),
        (
            "duration",
            r.min_duration.map(Decimal::from),
            r.max_duration.map(Decimal::from),
        ),
    ];
    for (name, min, max) in pairs {
        for (which, v) in [("min", min), ("max", max)] {
            if v.is_some_and(|v| v < Decimal::ZERO) {
                push(
                    format!("{base}.{which}_{name}"),
                    ProblemCode::NegativeValue,
                    format!("{which}_{name} is negative."),
                );
            }
        }
        if let (Some(min), Some(max)) = (min, max) {
            if min >= max {
                push(
                    format!("{base}.max_{name}"),
                    ProblemCode::MinAboveMax,
                    format!("max_{name} ({max}) is not above min_{name} ({min}), so the element never applies."),
                );
            }
        }
    }
    for (k, d) in r.day_of_week.iter().enumerate() {
        if r.day_of_week[..k].contains(d) {
            push(
                format!("{base}.day_of_week[{k}]"),
                ProblemCode::DuplicateDay,
                format!("{d:?} is listed twice."),
            );
        }
    }
    if r.reservation == Some(ReservationRestrictionType::ReservationExpires) && r.min_kwh.is_some() {
        push(
            format!("{base}.min_kwh"),
            ProblemCode::MinAboveMax,
            "An expired reservation delivers no energy, so min_kwh never holds.".into(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_problem_with_its_path() {
        let json = r#"{"id":"t","currency":"nok","min_price":{"excl_vat":5,"incl_vat":4},
            "start_date_time":"2026-02-01T00:00:00Z","end_date_time":"2026-01-01T00:00:00Z",
            "elements":[
              {"price_components":[{"type":"ENERGY","price":-1,"vat":125,"step_size":0}],
               "restrictions":{"min_kwh":20,"max_kwh":10,"start_date":"2026-02-01","end_date":"2026-01-01","day_of_week":["MONDAY","MONDAY"]}},
              {"price_components":[{"type":"TIME","price":1,"step_size":60}]},
              {"price_components":[{"type":"TIME","price":2,"step_size":60}],"restrictions":{"start_time":"22:00"}}
            ]}"#;
        let problems = validate_json(json);
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        for expected in [
            "currency",
            "end_date_time",
            "min_price.incl_vat",
            "elements[0].price_components[0].price",
            "elements[0].price_components[0].vat",
            "elements[0].price_components[0].step_size",
            "elements[0].restrictions.end_date",
            "elements[0].restrictions.max_kwh",
            "elements[0].restrictions.day_of_week[1]",
        ] {
            assert!(paths.contains(&expected), "{expected} missing from {paths:?}");
        }
        // Element 2's TIME can never apply behind the unrestricted TIME of element 1.
        assert!(paths.contains(&"elements[2]"), "{paths:?}");
    }

    #[test]
    fn an_element_behind_an_unrestricted_one_is_unreachable() {
        let json = r#"{"id":"t","currency":"NOK","elements":[
              {"price_components":[{"type":"TIME","price":1,"step_size":60}]},
              {"price_components":[{"type":"TIME","price":2,"step_size":60}],"restrictions":{"start_time":"22:00","end_time":"06:00"}}]}"#;
        let problems = validate_json(json);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "elements[1]");
        assert_eq!(problems[0].code, ProblemCode::UnreachableElement);
    }

    #[test]
    fn a_sound_tariff_has_no_problems() {
        let json = r#"{"id":"t","currency":"NOK","elements":[
              {"price_components":[{"type":"ENERGY","price":2.9,"vat":25,"step_size":1}],"restrictions":{"start_time":"22:00","end_time":"06:00"}},
              {"price_components":[{"type":"ENERGY","price":3.9,"vat":25,"step_size":1}]}]}"#;
        assert_eq!(validate_json(json), vec![]);
    }

    #[test]
    fn unparseable_json_is_one_problem_naming_the_field() {
        let problems = validate_json(
            r#"{"id":"t","currency":"NOK","elements":[{"price_components":[{"type":"KWH","price":1,"step_size":1}]}]}"#,
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "elements[0].price_components[0].type");
    }
}
