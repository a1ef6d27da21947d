//! `ladeklar user add|list|role|disable`: staff accounts, written straight to the database
//! through `ladeklar_store::provisioning::users` (which checks every field and writes each
//! change in one transaction with its audit entry). A password is read from stdin
//! (`--password-stdin`) or `LADEKLAR_USER_PASSWORD`, never from an argument, and neither it
//! nor its hash is ever printed.

use std::io::Read;

use anyhow::Context;
use chrono::Utc;
use clap::Subcommand;
use ladeklar_store::provisioning::users::{self, UserSpec};
use ladeklar_store::Store;

use crate::provisioning::Database;

/// The environment variable a new user's password may come from.
const PASSWORD_ENV: &str = "LADEKLAR_USER_PASSWORD";

/// `ladeklar user add|list|role|disable`.
#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add a staff user with one or more roles (writes the server's database). The password
    /// comes from stdin (--password-stdin) or LADEKLAR_USER_PASSWORD; with neither, the user
    /// sets one through a reset link.
    Add {
        #[command(flatten)]
        db: Database,
        /// The e-mail address (counts as confirmed).
        email: String,
        /// A role: driver, technician, admin, owner:OWNER_ID, support:first|second|third.
        /// Repeat for each role.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Read the password from the first line of stdin.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users (reads the server's database).
    List {
        #[command(flatten)]
        db: Database,
        /// JSON lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Replace a user's roles (writes the server's database).
    Role {
        #[command(flatten)]
        db: Database,
        email: String,
        /// The new roles (as for `add`); repeat for each role.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
    },
    /// Disable a user, ending every sign-in (writes the server's database).
    Disable {
        #[command(flatten)]
        db: Database,
        email: String,
    },
}

impl UserCommand {
    fn database(&self) -> &Database {
        match self {
            Self::Add { db, .. } | Self::List { db, .. } | Self::Role { db, .. } | Self::Disable { db, .. } => db,
        }
    }
}

/// The password for a new user: stdin's first line, else the environment variable, else none.
pub(crate) fn password(from_stdin: bool) -> anyhow::Result<Option<String>> {
    if from_stdin {
        let mut raw = String::new();
        std::io::stdin()
            .read_to_string(&mut raw)
            .context("password: reading stdin")?;
        let line = raw.lines().next().unwrap_or("");
        return Ok(Some(line.to_owned()));
    }
    match std::env::var(PASSWORD_ENV) {
        Ok(p) => Ok(Some(p)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => anyhow::bail!("password: {PASSWORD_ENV} is not UTF-8"),
    }
}

pub fn run(command: UserCommand) -> anyhow::Result<()> {
    // Read the password before opening the database, so a bad one writes nothing.
    let secret = match &command {
        UserCommand::Add { password_stdin, .. } => password(*password_stdin)?,
        _ => None,
    };
    crate::runtime()?.block_on(async {
        let store = command.database().open().await?;
        let result = user(&store, command, secret).await;
        store.close().await;
        result
    })
}

async fn user(store: &Store, command: UserCommand, secret: Option<String>) -> anyhow::Result<()> {
    match command {
        UserCommand::Add {
            db: _,
            email,
            roles,
            password_stdin: _,
        } => {
            let has_password = secret.is_some();
            let spec = UserSpec {
                email,
                roles,
                password: secret,
            };
            let row = users::add_user(store, &spec, Utc::now()).await?;
            let password = if has_password {
                "password set"
            } else {
                "no password (send a reset link)"
            };
            println!("user {} added with {} ({password})", row.email, spec.roles.join(", "));
        }
        UserCommand::List { db: _, json } => {
            for u in users::list_users(store).await? {
                if json {
                    println!("{}", serde_json::to_string(&u)?);
                } else {
                    let state = if u.deleted {
                        "deleted"
                    } else if u.disabled {
                        "disabled"
                    } else {
                        "active"
                    };
                    let password = if u.has_password { "password set" } else { "no password" };
                    println!("{}\t{}\t{}\t{}\t{}", u.id, u.email, u.roles.join(","), state, password);
                }
            }
        }
        UserCommand::Role { db: _, email, roles } => {
            users::set_user_roles(store, &email, &roles, Utc::now()).await?;
            println!("user {email} now has {}", roles.join(", "));
        }
        UserCommand::Disable { db: _, email } => {
            users::disable_user(store, &email, true, Utc::now()).await?;
            println!("user {email} disabled");
        }
    }
    Ok(())
}
