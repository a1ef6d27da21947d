//! An owner's revenue per site and day (issue 19's overview): what drivers paid at each site,
//! on the day (in the owner's time zone) the payment was taken, less refunds on the day they
//! were made — the same dates the self-billing statements use (`payments::statement`).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::payments::amount::MinorUnits;

/// A payment taken at a site (and perhaps refunded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakenPayment {
    pub site_id: String,
    pub amount: MinorUnits,
    pub paid_at: DateTime<Utc>,
    pub refunded_at: Option<DateTime<Utc>>,
}

/// One site's revenue on one day, incl. VAT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteDay {
    pub date: NaiveDate,
    pub site_id: String,
    pub incl_vat: MinorUnits,
    /// Payments taken that day (refunds not counted).
    pub sessions: u32,
}

/// Revenue per site and local day in `[from, to]` (days in `tz`), ordered by day then site;
/// days without payments or refunds are left out.
pub fn per_site_and_day(payments: &[TakenPayment], tz: Tz, from: NaiveDate, to: NaiveDate) -> Vec<SiteDay> {
    let mut out: Vec<SiteDay> = Vec::new();
    let mut add = |at: DateTime<Utc>, site: &str, amount: i64, counted: u32| {
        let date = at.with_timezone(&tz).date_naive();
        if date < from || date > to {
            return;
        }
        match out.iter_mut().find(|d| d.date == date && d.site_id == site) {
            Some(d) => {
                d.incl_vat.0 += amount;
                d.sessions += counted;
            }
            None => out.push(SiteDay {
                date,
                site_id: site.to_owned(),
                incl_vat: MinorUnits(amount),
                sessions: counted,
            }),
        }
    };
    for p in payments {
        add(p.paid_at, &p.site_id, p.amount.0, 1);
        if let Some(r) = p.refunded_at {
            add(r, &p.site_id, -p.amount.0, 0);
        }
    }
    out.sort_by(|a, b| (a.date, &a.site_id).cmp(&(b.date, &b.site_id)));
    out
}

/// One site's revenue in one calendar month (of the owner's zone), incl. VAT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteMonth {
    /// `YYYY-MM`.
    pub month: String,
    pub site_id: String,
    pub incl_vat: MinorUnits,
    pub sessions: u32,
}

/// The days of [`per_site_and_day`] added up per site and month, ordered by month then site.
pub fn per_site_and_month(days: &[SiteDay]) -> Vec<SiteMonth> {
    let mut out: Vec<SiteMonth> = Vec::new();
    for d in days {
        let month = format!("{:04}-{:02}", d.date.year(), d.date.month());
        match out.iter_mut().find(|m| m.month == month && m.site_id == d.site_id) {
            Some(m) => {
                m.incl_vat.0 += d.incl_vat.0;
                m.sessions += d.sessions;
            }
            None => out.push(SiteMonth {
                month,
                site_id: d.site_id.clone(),
                incl_vat: d.incl_vat,
                sessions: d.sessions,
            }),
        }
    }
    out.sort_by(|a, b| (&a.month, &a.site_id).cmp(&(&b.month, &b.site_id)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn days_are_the_owners_and_refunds_subtract_on_their_day() {
        let oslo: Tz = "Europe/Oslo".parse().unwrap();
        let payments = [
            // 23:30 UTC on the 2nd is 00:30 on the 3rd in Oslo.
            TakenPayment {
                site_id: "a".into(),
                amount: MinorUnits(10_000),
                paid_at: at("2026-11-02T23:30:00Z"),
                refunded_at: Some(at("2026-11-05T10:00:00Z")),
            },
            TakenPayment {
                site_id: "a".into(),
                amount: MinorUnits(2_500),
                paid_at: at("2026-11-03T08:00:00Z"),
                refunded_at: None,
            },
            TakenPayment {
                site_id: "b".into(),
                amount: MinorUnits(700),
                paid_at: at("2026-12-01T08:00:00Z"),
                refunded_at: None,
            },
        ];
        let days = per_site_and_day(&payments, oslo, day("2026-11-01"), day("2026-11-30"));
        assert_eq!(
            days,
            vec![
                SiteDay {
                    date: day("2026-11-03"),
                    site_id: "a".into(),
                    incl_vat: MinorUnits(12_500),
                    sessions: 2
                },
                SiteDay {
                    date: day("2026-11-05"),
                    site_id: "a".into(),
                    incl_vat: MinorUnits(-10_000),
                    sessions: 0
                },
            ]
        );
    }

    #[test]
    fn months_add_up_their_days_per_site() {
        let d = |date: &str, site: &str, amount: i64, sessions: u32| SiteDay {
            date: day(date),
            site_id: site.into(),
            incl_vat: MinorUnits(amount),
            sessions,
        };
        let months = per_site_and_month(&[
            d("2026-10-31", "a", 500, 1),
            d("2026-11-01", "b", 700, 1),
            d("2026-11-03", "a", 12_500, 2),
            d("2026-11-05", "a", -10_000, 0),
        ]);
        let m = |month: &str, site: &str, amount: i64, sessions: u32| SiteMonth {
            month: month.into(),
            site_id: site.into(),
            incl_vat: MinorUnits(amount),
            sessions,
        };
        assert_eq!(
            months,
            vec![
                m("2026-10", "a", 500, 1),
                m("2026-11", "a", 2_500, 2),
                m("2026-11", "b", 700, 1)
            ]
        );
    }

    proptest! {
        /// Over a window that holds every payment and refund, the days add up to what was
        /// paid less what was refunded.
        #[test]
        fn the_days_add_up(payments in prop::collection::vec((0u8..3, 0i64..100_000, 0i64..2_000_000, prop::option::of(0i64..1_000_000)), 0..40)) {
            let base = at("2026-01-01T00:00:00Z");
            let payments: Vec<TakenPayment> = payments.into_iter().map(|(site, amount, paid, refund)| TakenPayment {
                site_id: format!("s{site}"),
                amount: MinorUnits(amount),
                paid_at: base + chrono::TimeDelta::seconds(paid),
                refunded_at: refund.map(|r| base + chrono::TimeDelta::seconds(paid + r)),
            }).collect();
            let days = per_site_and_day(&payments, chrono_tz::Europe::Oslo, day("2025-12-01"), day("2026-03-01"));
            let expected: i64 = payments.iter().map(|p| p.amount.0 - if p.refunded_at.is_some() { p.amount.0 } else { 0 }).sum();
            prop_assert_eq!(days.iter().map(|d| d.incl_vat.0).sum::<i64>(), expected);
            prop_assert_eq!(days.iter().map(|d| d.sessions as usize).sum::<usize>(), payments.len());
            prop_assert!(days.windows(2).all(|w| (w[0].date, &w[0].site_id) < (w[1].date, &w[1].site_id)));
            let months = per_site_and_month(&days);
            prop_assert_eq!(months.iter().map(|m| m.incl_vat.0).sum::<i64>(), expected);
            prop_assert_eq!(months.iter().map(|m| m.sessions as usize).sum::<usize>(), payments.len());
        }
    }
}
