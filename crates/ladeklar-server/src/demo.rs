//! Demo data: a dozen sites in Norway and Sweden with owners, addresses, time zones,
//! AC 22 kW Type 2 and DC 50–150 kW CCS chargers, and OCPI 2.2.1 tariffs — a data file,
//! `demo/sites.json`, seeded through `provisioning` like an operator's changes — and the fleet
//! of simulated chargers that connects to them, and one account per role.

use anyhow::Context;
use chrono::{DateTime, Utc};
use ladeklar_api::{ConnectorStandard, PowerType};
use ladeklar_core::authorization::{TokenRecord, TokenStatus};
#[cfg(feature = "demo-sim")]
use ladeklar_sim::{SimCharger, SimConfig, SimConnector};
#[cfg(feature = "demo-sim")]
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::credentials::hash_password;
use ladeklar_store::provisioning::users::{add_user, UserSpec};
use ladeklar_store::provisioning::{add_charger, add_site, add_token, ChargerSpec, ConnectorSpec, SiteSpec};
use ladeklar_store::{Registration, Store};

/// The demo data set, `demo/sites.json`: sites with their owner, address, zone, OCPI 2.2.1
/// tariff and chargers; id tags; one account per role; the faults the simulated fleet reports.
const DEMO_DATA: &str = include_str!("../demo/sites.json");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoData {
    sites: Vec<DemoSite>,
    tokens: Vec<DemoToken>,
    users: Vec<DemoUser>,
    simulated_faults: Vec<DemoFault>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoSite {
    id: String,
    owner: DemoOwner,
    name: String,
    address: String,
    city: String,
    country: String,
    lat: f64,
    lon: f64,
    time_zone: String,
    /// The support contract's SLA level (core's catalog); Standard when absent.
    #[serde(default)]
    sla_level: Option<String>,
    tariff: serde_json::Value,
    chargers: Vec<DemoCharger>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoOwner {
    id: String,
    name: String,
    email: String,
    /// Stated on the owner's self-billing statements (checked by core's `OrgNumber`).
    org_number: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoCharger {
    id: String,
    vendor: String,
    model: String,
    connectors: Vec<DemoConnector>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoConnector {
    connector_id: u32,
    standard: ConnectorStandard,
    power_type: PowerType,
    max_power_kw: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoToken {
    id_tag: String,
    status: TokenStatus,
    #[serde(default)]
    parent_id_tag: Option<String>,
}

/// A demo account: its e-mail and one role as `ladeklar user add --role` reads it; the
/// password is [`user_password`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoUser {
    email: String,
    role: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoFault {
    charger_id: String,
    connector_id: u32,
    error_code: String,
}

fn demo_data() -> anyhow::Result<DemoData> {
    serde_json::from_str(DEMO_DATA).context("demo/sites.json")
}

/// The first demo site's id (the benchmark fleet's site).
fn first_site_id() -> anyhow::Result<String> {
    demo_data()?
        .sites
        .first()
        .map(|s| s.id.clone())
        .context("demo/sites.json has no site")
}

/// Seeds the demo data through `provisioning` (every field checked as for an operator's
/// change): sites, chargers and id tags when the database has no site yet; the demo accounts
/// when it has no user yet (so a database seeded before there were accounts gets them too).
pub async fn seed_if_empty(store: &Store, now: DateTime<Utc>) -> anyhow::Result<()> {
    let data = demo_data()?;
    if store.count_sites().await? == 0 {
        seed_sites(store, &data, now).await?;
    }
    seed_owner_details(store, &data).await?;
    if store.users().await?.is_empty() {
        for user in &data.users {
            let spec = UserSpec {
                email: user.email.clone(),
                roles: vec![user.role.clone()],
                password: Some(user_password(&user.email)),
            };
            add_user(store, &spec, now)
                .await
                .with_context(|| format!("seeding user {}", user.email))?;
        }
        tracing::info!(users = data.users.len(), "demo accounts seeded");
    }
    Ok(())
}

/// The owners' organisation numbers and time zones (the first site's), where none is set yet
/// (a database seeded before statements existed gets them too).
async fn seed_owner_details(store: &Store, data: &DemoData) -> anyhow::Result<()> {
    for site in &data.sites {
        let Some(owner) = store.owner(&site.owner.id).await? else {
            continue;
        };
        if owner.org_number.is_some() {
            continue;
        }
        let org = ladeklar_core::payments::statement::OrgNumber::parse(&site.owner.org_number)
            .with_context(|| format!("owner {}'s organisation number", site.owner.id))?;
        store
            .set_owner_details(&site.owner.id, Some(org.as_str()), &site.time_zone)
            .await?;
    }
    Ok(())
}

async fn seed_sites(store: &Store, data: &DemoData, now: DateTime<Utc>) -> anyhow::Result<()> {
    for site in &data.sites {
        let spec = SiteSpec {
            id: site.id.clone(),
            owner_id: site.owner.id.clone(),
            owner_name: site.owner.name.clone(),
            owner_email: site.owner.email.clone(),
            name: site.name.clone(),
            address: site.address.clone(),
            city: site.city.clone(),
            country: site.country.clone(),
            lat: site.lat,
            lon: site.lon,
            time_zone: site.time_zone.clone(),
            tariff_json: site.tariff.to_string(),
        };
        add_site(store, &spec)
            .await
            .with_context(|| format!("seeding site {}", site.id))?;
        if let Some(level) = &site.sla_level {
            crate::cases::sla_catalog()
                .get(level)
                .with_context(|| format!("site {}'s SLA level", site.id))?;
            store.set_site_sla_level(&site.id, level).await?;
        }
        for charger in &site.chargers {
            let spec = ChargerSpec {
                id: charger.id.clone(),
                site_id: site.id.clone(),
                connectors: charger
                    .connectors
                    .iter()
                    .map(|c| ConnectorSpec {
                        connector_id: c.connector_id,
                        standard: c.standard,
                        power_type: c.power_type,
                        max_power_kw: c.max_power_kw,
                    })
                    .collect(),
                password: charger_password(&charger.id),
                vendor: charger.vendor.clone(),
                model: charger.model.clone(),
                registration: Registration::Accepted,
            };
            add_charger(store, &spec, now)
                .await
                .with_context(|| format!("seeding charger {}", charger.id))?;
        }
    }
    for token in &data.tokens {
        let record = TokenRecord {
            id_tag: token.id_tag.clone(),
            status: token.status,
            expiry: None,
            parent_id_tag: token.parent_id_tag.clone(),
        };
        add_token(store, &record, now)
            .await
            .with_context(|| format!("seeding id tag {}", token.id_tag))?;
    }
    tracing::info!(sites = data.sites.len(), "demo data seeded");
    Ok(())
}

/// The password of a demo charger, known to the simulated fleet and to the tests. Demo only:
/// anyone who reads this source knows it. Real chargers get theirs from `ladeklar charger add`.
pub fn charger_password(charger_id: &str) -> String {
    format!("demo-key-{charger_id}")
}

/// The password of a demo account: `demo-pass-` and the e-mail's local part, e.g.
/// `demo-pass-driver` for `driver@demo.ladeklar.no`. Demo only, like [`charger_password`]:
/// public — anyone who reads this source or the start banner knows it.
pub fn user_password(email: &str) -> String {
    let local = email.split_once('@').map_or(email, |(local, _)| local);
    format!("demo-pass-{local}")
}

/// A demo account as the start banner lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    pub role: String,
    pub email: String,
    pub password: String,
}

/// The demo accounts that exist in `store` (all of them once seeded; none when the database
/// had users of its own before the demo was seeded), in the data file's order.
pub async fn demo_accounts(store: &Store) -> anyhow::Result<Vec<DemoAccount>> {
    let mut accounts = Vec::new();
    for user in demo_data()?.users {
        let email = ladeklar_core::accounts::parse_email(&user.email)
            .map_err(|e| anyhow::anyhow!("demo user {}: {e}", user.email))?;
        if store.user_by_email(&email).await?.is_some() {
            accounts.push(DemoAccount {
                password: user_password(&user.email),
                role: user.role,
                email: user.email,
            });
        }
    }
    Ok(accounts)
}

/// Gives demo chargers that have no password (a database from before passwords) theirs.
pub async fn ensure_demo_passwords(store: &Store) -> anyhow::Result<()> {
    for charger in store.all_chargers(chrono::Utc::now()).await? {
        let has_password = store
            .charger_credentials(&charger.id)
            .await?
            .is_some_and(|c| c.password_hash.is_some());
        if !has_password {
            store
                .set_charger_password(
                    &charger.id,
                    &hash_password(&charger_password(&charger.id)),
                    chrono::Utc::now(),
                )
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
    let faults = demo_data()?.simulated_faults;
    let mut by_charger: std::collections::BTreeMap<String, Vec<SimConnector>> = Default::default();
    for c in store.all_connectors().await? {
        let max_kw: Decimal = c.max_power_kw.parse().unwrap_or(Decimal::from(22));
        // A typical car takes ~90 % of an AC point and ~60 % of a fast charger.
        let draw = if c.power_type == "ac" {
            max_kw * Decimal::new(9, 1)
        } else {
            max_kw * Decimal::new(6, 1)
        };
        let fault = faults
            .iter()
            .find(|f| f.charger_id == c.charger_id && i64::from(f.connector_id) == c.connector_id)
            .map(|f| f.error_code.clone());
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
            site_id: first_site_id()?,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every demo tariff is one core prices, and every charger and tag passes provisioning's
    /// checks (seeding a fresh database succeeds).
    #[tokio::test]
    async fn the_demo_data_seeds_through_provisioning() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&format!("sqlite://{}", dir.path().join("demo.db").display()))
            .await
            .unwrap();
        seed_if_empty(&store, chrono::Utc::now()).await.unwrap();
        let data = demo_data().unwrap();
        assert_eq!(
            store.count_sites().await.unwrap(),
            i64::try_from(data.sites.len()).unwrap()
        );
        let chargers: usize = data.sites.iter().map(|s| s.chargers.len()).sum();
        assert_eq!(store.all_chargers(chrono::Utc::now()).await.unwrap().len(), chargers);
        assert_eq!(store.tokens().await.unwrap().len(), data.tokens.len());
        for site in &data.sites {
            let tariff = ladeklar_core::tariff::Tariff::from_json(&site.tariff.to_string()).unwrap();
            assert!(
                ladeklar_core::tariff::validate::validate(&tariff).is_empty(),
                "{}",
                site.id
            );
        }
        // One account per role, each with its demo password.
        let users = store.users().await.unwrap();
        assert_eq!(users.len(), data.users.len());
        let mut names: Vec<&str> = Vec::new();
        for user in &data.users {
            let email = ladeklar_core::accounts::parse_email(&user.email).unwrap();
            let row = store.user_by_email(&email).await.unwrap().unwrap();
            let role = ladeklar_store::provisioning::users::parse_role(&user.role).unwrap();
            assert_eq!(row.roles, vec![role.clone()], "{}", user.email);
            names.push(role.name());
            assert!(row.email_verified_at.is_some(), "{}", user.email);
            assert!(
                ladeklar_store::credentials::users::verify_password(
                    &user_password(&user.email),
                    row.password_hash.as_deref().unwrap()
                ),
                "{}",
                user.email
            );
        }
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "admin",
                "driver",
                "owner",
                "support",
                "support",
                "support",
                "technician"
            ]
        );
        assert!(data.users.iter().any(|u| u.role == "owner:owner-fjordlade"));
        for line in ["first", "second", "third"] {
            assert!(data.users.iter().any(|u| u.role == format!("support:{line}")), "{line}");
        }
        let accounts = demo_accounts(&store).await.unwrap();
        assert_eq!(accounts.len(), data.users.len());
        assert_eq!(accounts[0].password, "demo-pass-driver");
        // Seeding again changes nothing.
        seed_if_empty(&store, chrono::Utc::now()).await.unwrap();
        assert_eq!(store.all_chargers(chrono::Utc::now()).await.unwrap().len(), chargers);
        assert_eq!(store.users().await.unwrap().len(), data.users.len());
    }

    /// A database seeded before there were demo accounts gets them at the next start; sites
    /// are not seeded twice.
    #[tokio::test]
    async fn a_database_seeded_before_accounts_gets_the_demo_accounts() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&format!("sqlite://{}", dir.path().join("demo.db").display()))
            .await
            .unwrap();
        let data = demo_data().unwrap();
        seed_sites(&store, &data, chrono::Utc::now()).await.unwrap();
        assert!(store.users().await.unwrap().is_empty());
        assert!(demo_accounts(&store).await.unwrap().is_empty());
        seed_if_empty(&store, chrono::Utc::now()).await.unwrap();
        assert_eq!(store.users().await.unwrap().len(), data.users.len());
        assert_eq!(
            store.count_sites().await.unwrap(),
            i64::try_from(data.sites.len()).unwrap()
        );
    }
}
