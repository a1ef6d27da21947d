//! Public holidays in Norway and Sweden, computed (no table to keep up to date).
//!
//! Easter Sunday comes from the anonymous Gregorian algorithm (Meeus/Jones/Butcher, as in
//! Meeus, *Astronomical Algorithms*, ch. 8); the movable holidays are offsets from it.
//!
//! - Norway (lov om 1. og 17. mai, helligdagsloven): 1 Jan, Maundy Thursday, Good Friday,
//!   Easter Sunday and Monday, 1 May, 17 May, Ascension Day, Whit Sunday and Monday,
//!   25 and 26 Dec.
//! - Sweden (lag om allmänna helgdagar): 1 Jan, 6 Jan, Good Friday, Easter Sunday and Monday,
//!   1 May, Ascension Day, Whit Sunday, 6 June, Midsummer Day (the Saturday 20–26 June),
//!   All Saints' Day (the Saturday 31 Oct–6 Nov), 25 and 26 Dec. Midsummer Eve, Christmas Eve
//!   and New Year's Eve are not public holidays by law but are non-working days in practice;
//!   they are listed with `official: false` and business calendars treat them as closed.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// A country whose public holidays we know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Country {
    #[serde(rename = "NO")]
    Norway,
    #[serde(rename = "SE")]
    Sweden,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown country {0:?}: expected NO or SE")]
pub struct UnknownCountry(pub String);

impl std::str::FromStr for Country {
    type Err = UnknownCountry;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "NO" | "NOR" | "NORWAY" => Ok(Country::Norway),
            "SE" | "SWE" | "SWEDEN" => Ok(Country::Sweden),
            _ => Err(UnknownCountry(s.to_string())),
        }
    }
}

/// One holiday in one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    pub date: NaiveDate,
    /// The local name.
    pub name: &'static str,
    /// A public holiday by law (false: a non-working day by custom).
    pub official: bool,
}

/// Easter Sunday of a Gregorian year (anonymous Gregorian algorithm).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

fn first_weekday_from(start: NaiveDate, weekday: Weekday) -> NaiveDate {
    let offset = (7 + weekday.num_days_from_monday() as i64 - start.weekday().num_days_from_monday() as i64) % 7;
    start + Duration::days(offset)
}

/// Every holiday of `country` in `year`, in date order. Empty for years chrono cannot represent.
pub fn holidays(country: Country, year: i32) -> Vec<Holiday> {
    let (Some(easter), Some(jan1)) = (easter_sunday(year), NaiveDate::from_ymd_opt(year, 1, 1)) else {
        return Vec::new();
    };
    let fixed = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d).unwrap_or(jan1);
    let e = |days: i64| easter + Duration::days(days);
    let h = |date, name, official| Holiday { date, name, official };
    let mut list = match country {
        Country::Norway => vec![
            h(jan1, "Første nyttårsdag", true),
            h(e(-3), "Skjærtorsdag", true),
            h(e(-2), "Langfredag", true),
            h(easter, "Første påskedag", true),
            h(e(1), "Andre påskedag", true),
            h(fixed(5, 1), "Arbeidernes dag", true),
            h(fixed(5, 17), "Grunnlovsdag", true),
            h(e(39), "Kristi himmelfartsdag", true),
            h(e(49), "Første pinsedag", true),
            h(e(50), "Andre pinsedag", true),
            h(fixed(12, 25), "Første juledag", true),
            h(fixed(12, 26), "Andre juledag", true),
        ],
        Country::Sweden => {
            let midsummer_day = first_weekday_from(fixed(6, 20), Weekday::Sat);
            vec![
                h(jan1, "Nyårsdagen", true),
                h(fixed(1, 6), "Trettondedag jul", true),
                h(e(-2), "Långfredagen", true),
                h(easter, "Påskdagen", true),
                h(e(1), "Annandag påsk", true),
                h(fixed(5, 1), "Första maj", true),
                h(e(39), "Kristi himmelsfärdsdag", true),
                h(e(49), "Pingstdagen", true),
                h(fixed(6, 6), "Sveriges nationaldag", true),
                h(midsummer_day - Duration::days(1), "Midsommarafton", false),
                h(midsummer_day, "Midsommardagen", true),
                h(
                    first_weekday_from(fixed(10, 31), Weekday::Sat),
                    "Alla helgons dag",
                    true,
                ),
                h(fixed(12, 24), "Julafton", false),
                h(fixed(12, 25), "Juldagen", true),
                h(fixed(12, 26), "Annandag jul", true),
                h(fixed(12, 31), "Nyårsafton", false),
            ]
        }
    };
    list.sort_by_key(|h| h.date);
    list
}

/// The holiday on `date`, if any (official or customary).
pub fn holiday_on(country: Country, date: NaiveDate) -> Option<Holiday> {
    holidays(country, date.year()).into_iter().find(|h| h.date == date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_sundays_known_years() {
        for (year, m, day) in [
            (2000, 4, 23),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter_sunday(year), Some(d(year, m, day)), "{year}");
        }
    }

    #[test]
    fn norway_2026() {
        let dates: Vec<_> = holidays(Country::Norway, 2026).iter().map(|h| h.date).collect();
        assert_eq!(
            dates,
            vec![
                d(2026, 1, 1),
                d(2026, 4, 2),
                d(2026, 4, 3),
                d(2026, 4, 5),
                d(2026, 4, 6),
                d(2026, 5, 1),
                d(2026, 5, 14),
                d(2026, 5, 17),
                d(2026, 5, 24),
                d(2026, 5, 25),
                d(2026, 12, 25),
                d(2026, 12, 26),
            ]
        );
    }

    #[test]
    fn sweden_2026_movable_saturdays() {
        assert_eq!(
            holiday_on(Country::Sweden, d(2026, 6, 20)).map(|h| h.name),
            Some("Midsommardagen")
        );
        assert_eq!(
            holiday_on(Country::Sweden, d(2026, 6, 19)).map(|h| h.official),
            Some(false)
        );
        assert_eq!(
            holiday_on(Country::Sweden, d(2026, 10, 31)).map(|h| h.name),
            Some("Alla helgons dag")
        );
        assert_eq!(
            holiday_on(Country::Sweden, d(2026, 6, 6)).map(|h| h.name),
            Some("Sveriges nationaldag")
        );
        assert_eq!(holiday_on(Country::Sweden, d(2026, 5, 17)), None);
        assert_eq!(holiday_on(Country::Norway, d(2026, 6, 6)), None);
    }

    #[test]
    fn parses_countries() {
        assert_eq!("no".parse::<Country>(), Ok(Country::Norway));
        assert_eq!("SE".parse::<Country>(), Ok(Country::Sweden));
        assert!("DK".parse::<Country>().is_err());
    }
}
