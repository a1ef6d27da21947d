//! `ladeklar charger add|list|remove` and `ladeklar token add|list|block`: the registry and
//! the token store, written straight to the database through `ladeklar_store::provisioning`
//! (which checks every field and writes each change in one transaction).

use std::path::PathBuf;

use anyhow::Context;
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand, ValueEnum};
use ladeklar_api::{ConnectorStandard, PowerType};
use ladeklar_core::authorization::{TokenRecord, TokenStatus};
use ladeklar_store::provisioning::{self, ChargerSpec, ConnectorSpec};
use ladeklar_store::{Registration, Store};

/// Where the database is.
#[derive(Args, Debug)]
pub struct Database {
    /// The server's data folder (the database is `ladeklar.db` in it).
    #[arg(long, default_value = "data")]
    data_dir: PathBuf,
    /// A database URL (`sqlite://…` or `postgres://…`); overrides --data-dir.
    #[arg(long, env = "DATABASE_URL")]
    database_url: Option<String>,
}

impl Database {
    pub(crate) async fn open(&self) -> anyhow::Result<Store> {
        let url = match &self.database_url {
            Some(url) => url.clone(),
            None => {
                std::fs::create_dir_all(&self.data_dir)
                    .with_context(|| format!("creating data folder {}", self.data_dir.display()))?;
                format!("sqlite://{}?mode=rwc", self.data_dir.join("ladeklar.db").display())
            }
        };
        Ok(Store::open(&url).await?)
    }
}

/// `ladeklar charger add|list|remove`: the registry in the server's database. (The other
/// `charger` subcommands, operations on a connected charger, are in `operations`.)
#[derive(Subcommand, Debug)]
pub enum RegistryCommand {
    /// Register a charger: identity, site, connectors and its OCPP password (writes the server's database).
    Add {
        #[command(flatten)]
        db: Database,
        /// The charge point identity (the last segment of its OCPP URL).
        identity: String,
        /// The site it stands at.
        #[arg(long)]
        site: String,
        /// A connector as ID:STANDARD:POWER:KW, e.g. 1:ccs2:dc:150 (type2, ccs2, chademo; ac, dc).
        /// Repeat for each connector.
        #[arg(long = "connector", value_parser = parse_connector, required = true)]
        connectors: Vec<ConnectorSpec>,
        /// The charger's AuthorizationKey for HTTP Basic auth: 16 to 40 printable ASCII characters.
        #[arg(long, env = "LADEKLAR_CHARGER_PASSWORD", hide_env_values = true)]
        password: String,
        #[arg(long, default_value = "")]
        vendor: String,
        #[arg(long, default_value = "")]
        model: String,
        /// How its BootNotification is answered.
        #[arg(long, value_enum, default_value_t = RegistrationArg::Accepted)]
        registration: RegistrationArg,
    },
    /// List registered chargers (reads the server's database).
    List {
        #[command(flatten)]
        db: Database,
        /// JSON lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Remove a charger that has never had a session or a quarantined message (writes the server's database).
    Remove {
        #[command(flatten)]
        db: Database,
        identity: String,
    },
}

impl RegistryCommand {
    fn database(&self) -> &Database {
        match self {
            Self::Add { db, .. } | Self::List { db, .. } | Self::Remove { db, .. } => db,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RegistrationArg {
    Accepted,
    Pending,
    Rejected,
}

/// `ladeklar token add|list|block`: the token store in the server's database.
#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Add an id tag (or replace the one with the same tag).
    Add {
        #[command(flatten)]
        db: Database,
        id_tag: String,
        #[arg(long, value_enum, default_value_t = StatusArg::Accepted)]
        status: StatusArg,
        /// Expiry, RFC 3339 (2027-01-01T00:00:00Z).
        #[arg(long)]
        expiry: Option<DateTime<Utc>>,
        /// The parent id tag (a group); it must already be in the store.
        #[arg(long)]
        parent: Option<String>,
    },
    /// List id tags.
    List {
        #[command(flatten)]
        db: Database,
        /// JSON lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Block an id tag.
    Block {
        #[command(flatten)]
        db: Database,
        id_tag: String,
    },
}

impl TokenCommand {
    fn database(&self) -> &Database {
        match self {
            Self::Add { db, .. } | Self::List { db, .. } | Self::Block { db, .. } => db,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusArg {
    Accepted,
    Blocked,
    Expired,
    Invalid,
}

fn parse_connector(raw: &str) -> Result<ConnectorSpec, String> {
    let parts: Vec<&str> = raw.split(':').collect();
    let [id, standard, power, kw] = parts[..] else {
        return Err(format!("{raw:?} is not ID:STANDARD:POWER:KW (e.g. 1:ccs2:dc:150)"));
    };
    let connector_id = id
        .parse()
        .map_err(|_| format!("connector id {id:?} is not a whole number"))?;
    let standard = match standard.to_ascii_lowercase().as_str() {
        "type2" => ConnectorStandard::Type2,
        "ccs2" => ConnectorStandard::Ccs2,
        "chademo" => ConnectorStandard::Chademo,
        other => return Err(format!("standard {other:?} is not type2, ccs2 or chademo")),
    };
    let power_type = match power.to_ascii_lowercase().as_str() {
        "ac" => PowerType::Ac,
        "dc" => PowerType::Dc,
        other => return Err(format!("power {other:?} is not ac or dc")),
    };
    let max_power_kw = kw
        .parse()
        .map_err(|_| format!("power {kw:?} is not a whole number of kW"))?;
    Ok(ConnectorSpec {
        connector_id,
        standard,
        power_type,
        max_power_kw,
    })
}

pub fn run_charger(command: RegistryCommand) -> anyhow::Result<()> {
    crate::runtime()?.block_on(async {
        let store = command.database().open().await?;
        let result = charger(&store, command).await;
        store.close().await;
        result
    })
}

async fn charger(store: &Store, command: RegistryCommand) -> anyhow::Result<()> {
    match command {
        RegistryCommand::Add {
            db: _,
            identity,
            site,
            connectors,
            password,
            vendor,
            model,
            registration,
        } => {
            let spec = ChargerSpec {
                id: identity,
                site_id: site,
                connectors,
                password,
                vendor,
                model,
                registration: match registration {
                    RegistrationArg::Accepted => Registration::Accepted,
                    RegistrationArg::Pending => Registration::Pending,
                    RegistrationArg::Rejected => Registration::Rejected,
                },
            };
            provisioning::add_charger(store, &spec, Utc::now()).await?;
            println!("charger {} registered at {}", spec.id, spec.site_id);
        }
        RegistryCommand::List { db: _, json } => {
            for c in provisioning::list_chargers(store).await? {
                if json {
                    println!("{}", serde_json::to_string(&c)?);
                } else {
                    let password = if c.has_password { "password set" } else { "no password" };
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        c.id,
                        c.site_id,
                        c.registration,
                        password,
                        c.connectors.join(" ")
                    );
                }
            }
        }
        RegistryCommand::Remove { db: _, identity } => {
            provisioning::remove_charger(store, &identity).await?;
            println!("charger {identity} removed");
        }
    }
    Ok(())
}

pub fn run_token(command: TokenCommand) -> anyhow::Result<()> {
    crate::runtime()?.block_on(async {
        let store = command.database().open().await?;
        let result = token(&store, command).await;
        store.close().await;
        result
    })
}

async fn token(store: &Store, command: TokenCommand) -> anyhow::Result<()> {
    match command {
        TokenCommand::Add {
            db: _,
            id_tag,
            status,
            expiry,
            parent,
        } => {
            let record = TokenRecord {
                id_tag,
                status: match status {
                    StatusArg::Accepted => TokenStatus::Accepted,
                    StatusArg::Blocked => TokenStatus::Blocked,
                    StatusArg::Expired => TokenStatus::Expired,
                    StatusArg::Invalid => TokenStatus::Invalid,
                },
                expiry,
                parent_id_tag: parent,
            };
            provisioning::add_token(store, &record, Utc::now()).await?;
            println!("token {} stored", record.id_tag);
        }
        TokenCommand::List { db: _, json } => {
            for t in provisioning::list_tokens(store).await? {
                if json {
                    println!("{}", serde_json::to_string(&t)?);
                } else {
                    let (status, expiry) = provisioning::token_fields(&t);
                    println!(
                        "{}\t{}\t{}\t{}",
                        t.id_tag,
                        status,
                        expiry.as_deref().unwrap_or("-"),
                        t.parent_id_tag.as_deref().unwrap_or("-")
                    );
                }
            }
        }
        TokenCommand::Block { db: _, id_tag } => {
            provisioning::block_token(store, &id_tag, Utc::now()).await?;
            println!("token {id_tag} blocked");
        }
    }
    Ok(())
}
