//! Demo data: a dozen sites in Norway and Sweden with owners, addresses, time zones,
//! AC 22 kW Type 2 and DC 50–150 kW CCS chargers, and OCPI 2.2.1 tariffs; and the fleet of
//! simulated chargers that connects to them.

use anyhow::Context;
use chrono::{DateTime, Utc};
use ladeklar_core::authorization::{TokenRecord, TokenStatus};
#[cfg(feature = "demo-sim")]
use ladeklar_sim::{SimCharger, SimConfig, SimConnector};
#[cfg(feature = "demo-sim")]
use rust_decimal::Decimal;

use crate::credentials::hash_password;
use ladeklar_store::{NewCharger, NewConnector, NewSite, Registration, Store};

struct DemoSite {
    id: &'static str,
    owner: (&'static str, &'static str, &'static str),
    name: &'static str,
    address: &'static str,
    city: &'static str,
    country: &'static str,
    lat: f64,
    lon: f64,
    tz: &'static str,
    tariff: Tariff,
    /// (AC 22 kW Type 2 chargers, DC chargers with their kW)
    ac: u32,
    dc: &'static [u32],
}

#[derive(Clone, Copy)]
enum Tariff {
    /// Energy only.
    Energy { kwh: &'static str, currency: &'static str },
    /// Energy plus a per-hour fee after a grace period (seconds).
    EnergyPlusIdleFee {
        kwh: &'static str,
        per_hour: &'static str,
        grace_s: u32,
        currency: &'static str,
    },
    /// A cheaper night price 22:00–06:00 local time.
    NightPrice {
        day_kwh: &'static str,
        night_kwh: &'static str,
        currency: &'static str,
    },
    /// A session fee plus energy.
    FlatPlusEnergy {
        flat: &'static str,
        kwh: &'static str,
        currency: &'static str,
    },
}

impl Tariff {
    /// OCPI 2.2.1 tariff JSON; prices excl. VAT, 25 % VAT in Norway and Sweden.
    fn json(self, id: &str) -> String {
        let energy = |p: &str| format!(r#"{{"type":"ENERGY","price":{p},"vat":25.0,"step_size":1}}"#);
        let (currency, elements) = match self {
            Tariff::Energy { kwh, currency } => {
                (currency, vec![format!(r#"{{"price_components":[{}]}}"#, energy(kwh))])
            }
            Tariff::EnergyPlusIdleFee {
                kwh,
                per_hour,
                grace_s,
                currency,
            } => (
                currency,
                vec![
                    format!(r#"{{"price_components":[{}]}}"#, energy(kwh)),
                    format!(
                        r#"{{"price_components":[{{"type":"TIME","price":{per_hour},"vat":25.0,"step_size":60}}],"restrictions":{{"min_duration":{grace_s}}}}}"#
                    ),
                ],
            ),
            Tariff::NightPrice {
                day_kwh,
                night_kwh,
                currency,
            } => (
                currency,
                vec![
                    format!(
                        r#"{{"price_components":[{}],"restrictions":{{"start_time":"22:00","end_time":"06:00"}}}}"#,
                        energy(night_kwh)
                    ),
                    format!(r#"{{"price_components":[{}]}}"#, energy(day_kwh)),
                ],
            ),
            Tariff::FlatPlusEnergy { flat, kwh, currency } => (
                currency,
                vec![format!(
                    r#"{{"price_components":[{{"type":"FLAT","price":{flat},"vat":25.0,"step_size":1}},{}]}}"#,
                    energy(kwh)
                )],
            ),
        };
        format!(
            r#"{{"country_code":"NO","party_id":"LDK","id":"{id}","currency":"{currency}","type":"AD_HOC_PAYMENT","elements":[{}],"last_updated":"2026-11-01T00:00:00Z"}}"#,
            elements.join(",")
        )
    }
}

const OWNER_FJORD: (&str, &str, &str) = ("owner-fjordlade", "Fjordlade AS", "drift@fjordlade.no");
const OWNER_BORETTSLAG: (&str, &str, &str) = ("owner-nordlys", "Nordlys Eiendom AS", "post@nordlys-eiendom.no");
const OWNER_VAST: (&str, &str, &str) = ("owner-vastladd", "Västladd AB", "support@vastladd.se");

const SITES: &[DemoSite] = &[
    DemoSite {
        id: "oslo-aker-brygge",
        owner: OWNER_FJORD,
        name: "Aker Brygge P-hus",
        address: "Stranden 1",
        city: "Oslo",
        country: "NO",
        lat: 59.9105,
        lon: 10.7268,
        tz: "Europe/Oslo",
        tariff: Tariff::EnergyPlusIdleFee {
            kwh: "3.12",
            per_hour: "24",
            grace_s: 3600,
            currency: "NOK",
        },
        ac: 2,
        dc: &[150],
    },
    DemoSite {
        id: "oslo-majorstuen",
        owner: OWNER_FJORD,
        name: "Majorstuen Ladetorg",
        address: "Kirkeveien 64",
        city: "Oslo",
        country: "NO",
        lat: 59.9296,
        lon: 10.7155,
        tz: "Europe/Oslo",
        tariff: Tariff::NightPrice {
            day_kwh: "3.20",
            night_kwh: "2.32",
            currency: "NOK",
        },
        ac: 3,
        dc: &[],
    },
    DemoSite {
        id: "oslo-storo",
        owner: OWNER_BORETTSLAG,
        name: "Storo Storsenter",
        address: "Vitaminveien 7",
        city: "Oslo",
        country: "NO",
        lat: 59.9466,
        lon: 10.7770,
        tz: "Europe/Oslo",
        tariff: Tariff::Energy {
            kwh: "3.52",
            currency: "NOK",
        },
        ac: 1,
        dc: &[50, 150],
    },
    DemoSite {
        id: "bergen-bryggen",
        owner: OWNER_FJORD,
        name: "Bryggen Parkering",
        address: "Øvregaten 2",
        city: "Bergen",
        country: "NO",
        lat: 60.3977,
        lon: 5.3245,
        tz: "Europe/Oslo",
        tariff: Tariff::FlatPlusEnergy {
            flat: "4",
            kwh: "3.04",
            currency: "NOK",
        },
        ac: 2,
        dc: &[50],
    },
    DemoSite {
        id: "bergen-lagunen",
        owner: OWNER_BORETTSLAG,
        name: "Lagunen Storsenter",
        address: "Laguneveien 1",
        city: "Bergen",
        country: "NO",
        lat: 60.3147,
        lon: 5.3323,
        tz: "Europe/Oslo",
        tariff: Tariff::EnergyPlusIdleFee {
            kwh: "3.36",
            per_hour: "30",
            grace_s: 2700,
            currency: "NOK",
        },
        ac: 0,
        dc: &[150, 150],
    },
    DemoSite {
        id: "trondheim-solsiden",
        owner: OWNER_FJORD,
        name: "Solsiden Ladepark",
        address: "Beddingen 10",
        city: "Trondheim",
        country: "NO",
        lat: 63.4344,
        lon: 10.4123,
        tz: "Europe/Oslo",
        tariff: Tariff::NightPrice {
            day_kwh: "3.00",
            night_kwh: "2.16",
            currency: "NOK",
        },
        ac: 2,
        dc: &[100],
    },
    DemoSite {
        id: "stavanger-vaagen",
        owner: OWNER_BORETTSLAG,
        name: "Vågen Parkering",
        address: "Skagen 3",
        city: "Stavanger",
        country: "NO",
        lat: 58.9709,
        lon: 5.7325,
        tz: "Europe/Oslo",
        tariff: Tariff::Energy {
            kwh: "3.28",
            currency: "NOK",
        },
        ac: 2,
        dc: &[75],
    },
    DemoSite {
        id: "tromso-sentrum",
        owner: OWNER_FJORD,
        name: "Tromsø Sentrum P",
        address: "Storgata 88",
        city: "Tromsø",
        country: "NO",
        lat: 69.6489,
        lon: 18.9551,
        tz: "Europe/Oslo",
        tariff: Tariff::FlatPlusEnergy {
            flat: "8",
            kwh: "2.96",
            currency: "NOK",
        },
        ac: 2,
        dc: &[50],
    },
    DemoSite {
        id: "goteborg-lindholmen",
        owner: OWNER_VAST,
        name: "Lindholmen Science Park",
        address: "Lindholmspiren 3",
        city: "Göteborg",
        country: "SE",
        lat: 57.7068,
        lon: 11.9386,
        tz: "Europe/Stockholm",
        tariff: Tariff::EnergyPlusIdleFee {
            kwh: "4.40",
            per_hour: "36",
            grace_s: 3600,
            currency: "SEK",
        },
        ac: 2,
        dc: &[150],
    },
    DemoSite {
        id: "goteborg-nordstan",
        owner: OWNER_VAST,
        name: "Nordstan P-hus",
        address: "Nils Ericsonsgatan 17",
        city: "Göteborg",
        country: "SE",
        lat: 57.7089,
        lon: 11.9691,
        tz: "Europe/Stockholm",
        tariff: Tariff::NightPrice {
            day_kwh: "4.60",
            night_kwh: "3.20",
            currency: "SEK",
        },
        ac: 3,
        dc: &[],
    },
    DemoSite {
        id: "stockholm-kungsholmen",
        owner: OWNER_VAST,
        name: "Kungsholmen Laddhubb",
        address: "Fleminggatan 20",
        city: "Stockholm",
        country: "SE",
        lat: 59.3326,
        lon: 18.0395,
        tz: "Europe/Stockholm",
        tariff: Tariff::Energy {
            kwh: "4.76",
            currency: "SEK",
        },
        ac: 2,
        dc: &[50, 150],
    },
    DemoSite {
        id: "malmo-hyllie",
        owner: OWNER_VAST,
        name: "Hyllie Station P",
        address: "Hyllie Stationstorg 2",
        city: "Malmö",
        country: "SE",
        lat: 55.5637,
        lon: 12.9756,
        tz: "Europe/Stockholm",
        tariff: Tariff::FlatPlusEnergy {
            flat: "8",
            kwh: "4.16",
            currency: "SEK",
        },
        ac: 2,
        dc: &[100],
    },
];

/// The charge point id of a site's n-th charger, e.g. `OSLO-AKER-BRYGGE-AC1`.
fn charger_id(site: &DemoSite, kind: &str, n: usize) -> String {
    format!("{}-{kind}{n}", site.id.to_uppercase())
}

/// Seeds the demo sites and chargers when the database has no site yet.
pub async fn seed_if_empty(store: &Store, now: DateTime<Utc>) -> anyhow::Result<()> {
    if store.count_sites().await? > 0 {
        return Ok(());
    }
    for site in SITES {
        let tariff = site.tariff.json(&format!("tariff-{}", site.id));
        store
            .insert_site(&NewSite {
                id: site.id,
                owner_id: site.owner.0,
                owner_name: site.owner.1,
                owner_email: site.owner.2,
                name: site.name,
                address: site.address,
                city: site.city,
                country: site.country,
                lat: site.lat,
                lon: site.lon,
                time_zone: site.tz,
                tariff_json: &tariff,
            })
            .await
            .with_context(|| format!("seeding site {}", site.id))?;
        for n in 1..=site.ac as usize {
            let id = charger_id(site, "AC", n);
            let connectors = (1..=2)
                .map(|c| NewConnector {
                    connector_id: c,
                    standard: "type2",
                    power_type: "ac",
                    max_power_kw: 22,
                })
                .collect();
            store
                .insert_charger(
                    &NewCharger {
                        id: &id,
                        site_id: site.id,
                        vendor: "Zaptec",
                        model: "Pro",
                        connectors,
                        password_hash: Some(hash_password(&charger_password(&id))),
                        registration: Registration::Accepted,
                    },
                    now,
                )
                .await?;
        }
        for (n, kw) in site.dc.iter().enumerate() {
            let id = charger_id(site, "DC", n + 1);
            let connectors = (1..=2)
                .map(|c| NewConnector {
                    connector_id: c,
                    standard: "ccs2",
                    power_type: "dc",
                    max_power_kw: *kw,
                })
                .collect();
            let model = if *kw >= 150 { "Terra 184" } else { "Terra 54" };
            store
                .insert_charger(
                    &NewCharger {
                        id: &id,
                        site_id: site.id,
                        vendor: "ABB",
                        model,
                        connectors,
                        password_hash: Some(hash_password(&charger_password(&id))),
                        registration: Registration::Accepted,
                    },
                    now,
                )
                .await?;
        }
    }
    for (id_tag, status, parent) in [
        ("DEMO-RFID-0001", TokenStatus::Accepted, None),
        ("DEMO-RFID-BLOCKED", TokenStatus::Blocked, None),
        ("DEMO-FLEET", TokenStatus::Accepted, None),
        ("DEMO-FLEET-0001", TokenStatus::Accepted, Some("DEMO-FLEET")),
    ] {
        let token = TokenRecord {
            id_tag: id_tag.into(),
            status,
            expiry: None,
            parent_id_tag: parent.map(Into::into),
        };
        store.upsert_token(&token, now).await?;
    }
    tracing::info!(sites = SITES.len(), "demo data seeded");
    Ok(())
}

/// The password of a demo charger, known to the simulated fleet and to the tests. Demo only:
/// anyone who reads this source knows it. Real chargers get theirs from `ladeklar charger add`.
pub fn charger_password(charger_id: &str) -> String {
    format!("demo-key-{charger_id}")
}

/// Gives demo chargers that have no password (a database from before passwords) theirs.
pub async fn ensure_demo_passwords(store: &Store) -> anyhow::Result<()> {
    for charger in store.all_chargers().await? {
        let has_password = store
            .charger_credentials(&charger.id)
            .await?
            .is_some_and(|c| c.password_hash.is_some());
        if !has_password {
            store
                .set_charger_password(&charger.id, &hash_password(&charger_password(&charger.id)))
                .await?;
        }
    }
    Ok(())
}

#[cfg(feature = "demo-sim")]
/// One simulator per registered charger (`tls` trusts the server for `wss://` URLs). Cars draw a bit less than the connector's maximum;
/// one connector in Bergen reports a ground failure so drivers see a faulted connector.
pub async fn simulated_fleet(
    store: &Store,
    ws_base: &str,
    tls: Option<std::sync::Arc<ladeklar_sim::rustls::ClientConfig>>,
    meter_interval: std::time::Duration,
) -> anyhow::Result<Vec<SimCharger>> {
    let mut by_charger: std::collections::BTreeMap<String, Vec<SimConnector>> = Default::default();
    for c in store.all_connectors().await? {
        let max_kw: Decimal = c.max_power_kw.parse().unwrap_or(Decimal::from(22));
        // A typical car takes ~90 % of an AC point and ~60 % of a fast charger.
        let draw = if c.power_type == "ac" {
            max_kw * Decimal::new(9, 1)
        } else {
            max_kw * Decimal::new(6, 1)
        };
        let fault = (c.charger_id == "BERGEN-BRYGGEN-DC1" && c.connector_id == 2).then(|| "GroundFailure".to_string());
        by_charger.entry(c.charger_id.clone()).or_default().push(SimConnector {
            connector_id: u32::try_from(c.connector_id).unwrap_or(1),
            power_kw: draw.round_dp(1),
            fault,
        });
    }
    Ok(by_charger
        .into_iter()
        .map(|(id, connectors)| {
            SimCharger::new(SimConfig {
                password: Some(charger_password(&id)),
                charge_point_id: id,
                ws_base: ws_base.to_owned(),
                connectors,
                meter_interval,
                vendor: "Ladeklar".into(),
                model: "Simulator".into(),
                tls: tls.clone(),
            })
        })
        .collect())
}

/// The charge point id of the n-th benchmark charger (benches/fleet, `ladeklar-fleet`).
pub fn bench_charger_id(n: u32) -> String {
    format!("BENCH-{n:05}")
}

/// Registers benchmark chargers `BENCH-00000`… (`--bench-chargers`) through `provisioning`,
/// those missing only: one 22 kW Type 2 connector at the first demo site, password
/// `bench-key-<id>` (the load generator knows it), and the charger id as an accepted id tag.
pub async fn provision_bench_fleet(store: &Store, count: u32, now: DateTime<Utc>) -> anyhow::Result<()> {
    use ladeklar_store::provisioning::{add_charger, add_token, ChargerSpec, ConnectorSpec};
    if count == 0 || store.charger_exists(&bench_charger_id(count - 1)).await? {
        return Ok(());
    }
    for n in 0..count {
        let id = bench_charger_id(n);
        if store.charger_exists(&id).await? {
            continue;
        }
        let spec = ChargerSpec {
            id: id.clone(),
            site_id: SITES[0].id.into(),
            connectors: vec![ConnectorSpec {
                connector_id: 1,
                standard: ladeklar_api::ConnectorStandard::Type2,
                power_type: ladeklar_api::PowerType::Ac,
                max_power_kw: 22,
            }],
            password: format!("bench-key-{id}"),
            vendor: "Ladeklar".into(),
            model: "Fleet".into(),
            registration: Registration::Accepted,
        };
        add_charger(store, &spec, now).await?;
        let token = TokenRecord {
            id_tag: id,
            status: TokenStatus::Accepted,
            expiry: None,
            parent_id_tag: None,
        };
        add_token(store, &token, now).await?;
    }
    tracing::info!(count, "benchmark chargers provisioned");
    Ok(())
}
