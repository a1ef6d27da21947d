//! Who may do what: the one table every API endpoint asks.
//!
//! | Action                              | anonymous | driver    | technician | owner          | support (any line) | admin |
//! |-------------------------------------|-----------|-----------|------------|----------------|--------------------|-------|
//! | `ListChargers`, `ShowCharger`       | yes       | yes       | yes        | yes            | yes                | yes   |
//! | `StartSession`                      | yes (ad hoc) | yes    | yes        | yes            | yes                | yes   |
//! | `ShowSession`, `FollowSession`, `ReadReceipt` | anonymous sessions | own | own | own, own sites' | all          | all   |
//! | `StopSession`                       | anonymous sessions | own | own   | own            | all                | all   |
//! | `SendChargerCommand`, `ReadChargerLog`, `ListQuarantine`, `ListStuckSessions` | – | – | – | –   | yes                | yes   |
//! | `ManageUsers`, `ChangeRoles`, `ReadAuditLog` | –  | –         | –          | –              | –                  | yes   |
//! | `ReadAccountData`, `DeleteAccount`, `ManagePaymentMethods` | – | own | own     | own            | own                | own   |
//! | `ReportFault`, `ListOwnCases`       | –         | yes       | yes        | yes            | yes                | yes   |
//! | `ShowCase`                          | –         | own       | own        | own, own sites' | all               | all   |
//! | `AddCasePhoto`, `AnswerCase`        | –         | own       | own        | own            | all                | all   |
//! | `WorkCase`                          | –         | –         | –          | –              | yes                | yes   |
//! | `ManageFavourites`                  | –         | own       | own        | own            | own                | own   |
//! | `ReadPrices`, `SetPrice`            | –         | –         | –          | own sites'     | –                  | yes   |
//! | `ReadOwnerPortal`, `IssueStatements` | –        | –         | –          | own            | –                  | yes   |
//! | `MarkPayoutPaid`                    | –         | –         | –          | –              | –                  | yes   |
//! | `RefundPayment`                     | –         | –         | –          | –              | yes                | yes   |
//! | `ScheduleVisit`                     | –         | –         | –          | –              | yes                | yes   |
//! | `ListWorkOrders`                    | –         | –         | own        | –              | yes                | yes   |
//! | `WorkOnSite`                        | –         | –         | own        | –              | –                  | yes   |
//! | `ReadServiceCard`                   | –         | –         | yes        | own sites      | yes                | yes   |
//! | `ReadSlaReport`                     | –         | –         | –          | own sites      | yes                | yes   |
//!
//! A session started without an account ("anonymous sessions") may be shown, followed, read
//! and stopped by every caller, signed in or not, who has its id; the table's cells for
//! signed-in callers add to that. "own" is the object's [`ObjectOwner`] naming the caller: a session whose driver is the
//! caller (whatever their roles: a technician who charges is that session's driver), a site
//! of an owner the caller belongs to, the caller's own account. A refused caller who is not
//! signed in gets [`AccessDenied::SignInRequired`] (sign in and try again); a signed-in one
//! gets [`AccessDenied::Forbidden`] with why. Roles add up: a user with several roles may do
//! what any of them may.
//!
//! **Decisions.**
//! - Browsing chargers and prices and starting an ad-hoc session need no account (AFIR: ad-hoc
//!   charging without a contract). A session started without an account has no driver
//!   ([`ObjectOwner::Session`] `driver: None`) and is readable and stoppable by whoever holds
//!   its id: the id is a random UUID v4 (122 random bits) handed only to the one who started
//!   it, a bearer capability like a receipt link. It is the same for a session opened at the
//!   charger by an RFID tag that no account claims. Signing in does not take it away.
//! - Owners read (never stop) sessions at their own sites; they see no charger logs,
//!   quarantine or stuck-session lists (the issue gives those to support and admins).
//! - Every support line may operate chargers and read logs, quarantine and stuck sessions;
//!   narrowing commands to 2nd/3rd line is a change of this table only.
//! - A support case is its reporter's ("own": they follow it, add photos and answer "is it
//!   working now?"); owners read the cases at their sites but do not act on them; every
//!   support line reads and works every case (which transition a line may make is the case
//!   engine's table, `support::case::allowed_actors`, not this one). Reporting a fault needs
//!   an account: the case needs someone to answer and to notify.
//! - A site's price (and a charger's own price) is set, and its history read, by the site's
//!   owner and by admins only (`ReadPrices` on [`ObjectOwner::Platform`] is the list of the
//!   caller's own sites' prices: any owner, filtered to their sites by the caller). Support
//!   reads the price a session was priced with on the session itself.
//! - An owner's portal — their sites, chargers, sessions, revenue, cases' SLA figures and
//!   self-billing statements ([`ObjectOwner::Owner`]) — is read by the users who belong to
//!   that owner and by admins; they (and admins) may issue a month's statements, which is
//!   idempotent. Support does not read owners' revenue. Refunds are support's and admins'.
//! - Field visits: 3rd line schedules them (the case engine's table lets only 3rd line make
//!   `schedule_visit`; this table lets any support line ask). A work order is its
//!   technician's: only they check in, report and verify on it (admins too, for repairs);
//!   support reads every work order. The service card of a site — every visit, case, part
//!   and document there — is read by support, every technician (they work any site) and the
//!   site's owner. SLA reports: the owner's own sites, support and admins; the platform-wide
//!   one (`ObjectOwner::Platform`) support and admins only.
//! - Admins may do what support does, plus users, roles and the audit log. Nobody reads or
//!   deletes another user's account data through the self-service actions: admins disable
//!   accounts through `ManageUsers`.

use serde::{Deserialize, Serialize};

use super::role::{OwnerId, Principal, Role, UserId};

/// Every operation the API offers, as the access table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// `GET /chargers`: chargers near a place, with their prices.
    ListChargers,
    /// `GET /chargers/{id}`: one charger, its connectors and price.
    ShowCharger,
    /// `POST /sessions`.
    StartSession,
    /// `GET /sessions/{id}`.
    ShowSession,
    /// `GET /sessions/{id}/live`.
    FollowSession,
    /// `POST /sessions/{id}/stop`.
    StopSession,
    /// `GET /sessions/{id}/receipt`.
    ReadReceipt,
    /// `POST /chargers/{id}/commands`.
    SendChargerCommand,
    /// `GET /chargers/{id}/log`.
    ReadChargerLog,
    /// `GET /quarantine`.
    ListQuarantine,
    /// `GET /sessions/stuck`.
    ListStuckSessions,
    /// Create, list, disable and enable users (`ladeklar user add|list|disable`).
    ManageUsers,
    /// Give or take a user's roles (`ladeklar user role`).
    ChangeRoles,
    /// Read the security audit log.
    ReadAuditLog,
    /// Download one's own account data (JSON).
    ReadAccountData,
    /// Delete one's own account.
    DeleteAccount,
    /// List, add and remove one's own saved cards and RFID tags; pay what one owes.
    ManagePaymentMethods,
    /// `POST /cases`: report a fault (a support case opens).
    ReportFault,
    /// `GET /cases`: one's own cases.
    ListOwnCases,
    /// `GET /cases/{id}`, its live view and its photos.
    ShowCase,
    /// `POST /cases/{id}/photos`.
    AddCasePhoto,
    /// `POST /cases/{id}/answer`: the reporter's "is it working now?".
    AnswerCase,
    /// The support console: the queue, a case's transitions and notes.
    WorkCase,
    /// `GET/PUT/DELETE /account/favourites`: one's own starred chargers (signed out, the
    /// app keeps them on the device).
    ManageFavourites,
    /// `GET /owner/prices`, `GET /sites/{id}/price`, `GET /chargers/{id}/price`: the current
    /// price of one's sites and chargers, what is scheduled, and the price history.
    ReadPrices,
    /// `POST /sites/{id}/price`, `POST /chargers/{id}/price`: a new price from a moment on.
    SetPrice,
    /// `GET /owners/{owner}/…`: an owner's overview, sessions, revenue and statements.
    ReadOwnerPortal,
    /// `POST /owners/{owner}/statements`: issue a month's statements (idempotent).
    IssueStatements,
    /// `POST /owners/{owner}/statements/{id}/payout`: record that a statement's payout was
    /// paid (the platform's money going out: admins only).
    MarkPayoutPaid,
    /// `POST /sessions/{id}/refund`: give a paid session's money back.
    RefundPayment,
    /// `POST /support/cases/{id}/work-orders`: 3rd line books a field visit.
    ScheduleVisit,
    /// `GET /work-orders`: one's own work orders (support: everyone's).
    ListWorkOrders,
    /// A work order's steps on site: check in, the visit report, photos, verify operation.
    WorkOnSite,
    /// `GET /sites/{id}/service-card`.
    ReadServiceCard,
    /// `GET /sla-report`: an owner's, a site's or the platform's month.
    ReadSlaReport,
}

impl Action {
    /// Every action, for tests and documentation that must cover them all.
    pub const ALL: [Action; 35] = [
        Action::ListChargers,
        Action::ShowCharger,
        Action::StartSession,
        Action::ShowSession,
        Action::FollowSession,
        Action::StopSession,
        Action::ReadReceipt,
        Action::SendChargerCommand,
        Action::ReadChargerLog,
        Action::ListQuarantine,
        Action::ListStuckSessions,
        Action::ManageUsers,
        Action::ChangeRoles,
        Action::ReadAuditLog,
        Action::ReadAccountData,
        Action::DeleteAccount,
        Action::ManagePaymentMethods,
        Action::ReportFault,
        Action::ListOwnCases,
        Action::ShowCase,
        Action::AddCasePhoto,
        Action::AnswerCase,
        Action::WorkCase,
        Action::ManageFavourites,
        Action::ReadPrices,
        Action::SetPrice,
        Action::ReadOwnerPortal,
        Action::IssueStatements,
        Action::MarkPayoutPaid,
        Action::RefundPayment,
        Action::ScheduleVisit,
        Action::ListWorkOrders,
        Action::WorkOnSite,
        Action::ReadServiceCard,
        Action::ReadSlaReport,
    ];
}

/// Whose object an action is on. The caller loads the object, then asks [`authorize`] with
/// what it found; an action on a collection or on the platform passes [`ObjectOwner::Platform`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ObjectOwner {
    /// Nobody's in particular: the charger list, quarantine, the stuck sessions, the users,
    /// the audit log.
    Platform,
    /// A charger (or its log, or its own price), at a site of this owner.
    Charger { site_owner: OwnerId },
    /// A site (its price and price history) of this owner.
    Site { site_owner: OwnerId },
    /// A charging session: its driver (`None`: started without an account — ad hoc in the
    /// app or by an RFID tag no account holds), and the owner of the site it is at.
    Session {
        driver: Option<UserId>,
        site_owner: OwnerId,
    },
    /// A user account.
    Account { user: UserId },
    /// A support case: who reported it (`None`: registered by support from a phone call or
    /// an e-mail) and the owner of the site it is about.
    Case {
        reporter: Option<UserId>,
        site_owner: OwnerId,
    },
    /// An owner's business: their portal and statements.
    Owner { owner: OwnerId },
    /// A field visit's work order: the technician it is given to, the site's owner.
    WorkOrder { technician: UserId, site_owner: OwnerId },
}

/// Why an action was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccessDenied {
    /// Not signed in, and the action needs an account.
    #[error("sign in to do this")]
    SignInRequired,
    /// Signed in, but not allowed.
    #[error("not allowed: {why}")]
    Forbidden { why: &'static str },
}

/// Whether `who` (None: not signed in) may do `action` on `object`. See the module's table.
/// Who may see a case's photos: whoever may see the case (`ShowCase`), and — a case's photos
/// being part of its site's service card (issue 18) — whoever may read that card
/// (`ReadServiceCard` on the case's site: technicians, the site's owner, support, admins).
/// Refused, the answer is the case's.
pub fn authorize_case_photo(who: Option<&Principal>, case: &ObjectOwner) -> Result<(), AccessDenied> {
    authorize(who, Action::ShowCase, case).or_else(|denied| match case {
        ObjectOwner::Case { site_owner, .. } => {
            let site = ObjectOwner::Site {
                site_owner: site_owner.clone(),
            };
            authorize(who, Action::ReadServiceCard, &site).map_err(|_| denied)
        }
        _ => Err(denied),
    })
}

pub fn authorize(who: Option<&Principal>, action: Action, object: &ObjectOwner) -> Result<(), AccessDenied> {
    use Action::*;
    match action {
        ListChargers | ShowCharger | StartSession => Ok(()),
        ShowSession | FollowSession | ReadReceipt | StopSession => {
            let ObjectOwner::Session { driver, site_owner } = object else {
                return Err(mismatch(who));
            };
            let Some(driver) = driver else {
                // Started without an account: the id is the capability.
                return Ok(());
            };
            let p = who.ok_or(AccessDenied::SignInRequired)?;
            if p.user_id == *driver || p.is_support() || p.is_admin() {
                return Ok(());
            }
            if p.belongs_to_owner(site_owner) {
                return if action == StopSession {
                    Err(AccessDenied::Forbidden {
                        why: "site owners read sessions at their sites but do not stop them",
                    })
                } else {
                    Ok(())
                };
            }
            Err(AccessDenied::Forbidden {
                why: "the session is another driver's",
            })
        }
        SendChargerCommand | ReadChargerLog | ListQuarantine | ListStuckSessions => {
            let p = who.ok_or(AccessDenied::SignInRequired)?;
            if p.is_support() || p.is_admin() {
                Ok(())
            } else {
                Err(AccessDenied::Forbidden {
                    why: "charger operations, logs, quarantine and stuck sessions are for support and admins",
                })
            }
        }
        ManageUsers | ChangeRoles | ReadAuditLog => {
            let p = who.ok_or(AccessDenied::SignInRequired)?;
            if p.is_admin() {
                Ok(())
            } else {
                Err(AccessDenied::Forbidden {
                    why: "users, roles and the audit log are for admins",
                })
            }
        }
        ReportFault | ListOwnCases => who.map(|_| ()).ok_or(AccessDenied::SignInRequired),
        ShowCase | AddCasePhoto | AnswerCase => {
            let ObjectOwner::Case { reporter, site_owner } = object else {
                return Err(mismatch(who));
            };
            let p = who.ok_or(AccessDenied::SignInRequired)?;
            if Some(p.user_id) == *reporter || p.is_support() || p.is_admin() {
                return Ok(());
            }
            if action == ShowCase && p.belongs_to_owner(site_owner) {
                return Ok(());
            }
            Err(AccessDenied::Forbidden {
                why: if p.belongs_to_owner(site_owner) {
                    "site owners read the cases at their sites; the reporter and support act on them"
                } else {
                    "the case is another customer's"
                },
            })
        }
        WorkCase => {
            let p = who.ok_or(AccessDenied::SignInRequired)?;
            match object {
                ObjectOwner::Platform | ObjectOwner::Case { .. } if p.is_support() || p.is_admin() => Ok(()),
                ObjectOwner::Platform | ObjectOwner::Case { .. } => Err(AccessDenied::Forbidden {
                    why: "the support queue and working cases are for support and admins",
                }),
                _ => Err(mismatch(who)),
            }
        }
        ReadPrices | SetPrice => {
            let p = who.ok_or(AccessDenied::SignInRequired)?;
            let owner = match object {
                ObjectOwner::Site { site_owner } | ObjectOwner::Charger { site_owner } => Some(site_owner),
                ObjectOwner::Platform if action == ReadPrices => None,
                _ => return Err(mismatch(who)),
            };
            let allowed = p.is_admin()
                || match owner {
                    Some(owner) => p.belongs_to_owner(owner),
                    None => p.owners().next().is_some(),
                };
            if allowed {
                Ok(())
            } else {
                Err(AccessDenied::Forbidden {
                    why: "a site's price and its history are for the site's owner and admins",
                })
            }
        }
        ReadOwnerPortal | IssueStatements => {
            let ObjectOwner::Owner { owner } = object else {
                return Err(mismatch(who));
            };
            let p = who.ok_or(AccessDenied::SignInRequired)?;
            if p.belongs_to_owner(owner) || p.is_admin() {
                Ok(())
            } else {
                Err(AccessDenied::Forbidden {
                    why: "an owner's sites, revenue and statements are theirs and the admins'",
                })
            }
        }
        MarkPayoutPaid => {
            let ObjectOwner::Owner { .. } = object else {
                return Err(mismatch(who));
            };
            let p = who.ok_or(AccessDenied::SignInRequired)?;
            if p.is_admin() {
                Ok(())
            } else {
                Err(AccessDenied::Forbidden {
                    why: "payouts are marked paid by admins",
                })
            }
        }
        RefundPayment => {
            let ObjectOwner::Session { .. } = object else {
                return Err(mismatch(who));
            };
            let p = who.ok_or(AccessDenied::SignInRequired)?;
            if p.is_support() || p.is_admin() {
                Ok(())
            } else {
                Err(AccessDenied::Forbidden {
                    why: "refunds are made by support and admins",
                })
            }
        }
        ScheduleVisit => {
            let p = who.ok_or(AccessDenied::SignInRequired)?;
            match object {
                ObjectOwner::Case { .. } if p.is_support() || p.is_admin() => Ok(()),
                ObjectOwner::Case { .. } => Err(AccessDenied::Forbidden {
                    why: "field visits are scheduled by support (3rd line)",
                }),
                _ => Err(mismatch(who)),
            }
        }
        ListWorkOrders => {
            let p = who.ok_or(AccessDenied::SignInRequired)?;
            match object {
                ObjectOwner::Platform if p.is_support() || p.is_admin() || p.has(&Role::Technician) => Ok(()),
                ObjectOwner::Platform => Err(AccessDenied::Forbidden {
                    why: "work orders are for technicians and support",
                }),
                _ => Err(mismatch(who)),
            }
        }
        WorkOnSite => {
            let p = who.ok_or(AccessDenied::SignInRequired)?;
            match object {
                ObjectOwner::WorkOrder { technician, .. }
                    if (p.user_id == *technician && p.has(&Role::Technician)) || p.is_admin() =>
                {
                    Ok(())
                }
                ObjectOwner::WorkOrder { .. } => Err(AccessDenied::Forbidden {
                    why: "the work order is another technician's",
                }),
                _ => Err(mismatch(who)),
            }
        }
        ReadServiceCard | ReadSlaReport => {
            let p = who.ok_or(AccessDenied::SignInRequired)?;
            let staff = p.is_support() || p.is_admin();
            match object {
                ObjectOwner::Site { .. } | ObjectOwner::Platform if staff => Ok(()),
                ObjectOwner::Site { .. } if action == ReadServiceCard && p.has(&Role::Technician) => Ok(()),
                ObjectOwner::Site { site_owner } if p.belongs_to_owner(site_owner) => Ok(()),
                ObjectOwner::Site { .. } | ObjectOwner::Platform => Err(AccessDenied::Forbidden {
                    why: if action == ReadServiceCard {
                        "a site's service card is for its owner, technicians and support"
                    } else {
                        "SLA reports are for the site's owner and support"
                    },
                }),
                _ => Err(mismatch(who)),
            }
        }
        ReadAccountData | DeleteAccount | ManagePaymentMethods | ManageFavourites => {
            let p = who.ok_or(AccessDenied::SignInRequired)?;
            match object {
                ObjectOwner::Account { user } if *user == p.user_id => Ok(()),
                ObjectOwner::Account { .. } => Err(AccessDenied::Forbidden {
                    why: "the account is another user's",
                }),
                _ => Err(mismatch(who)),
            }
        }
    }
}

/// The caller passed an object of another kind than the action is about: a programming
/// error at the edge, refused rather than guessed.
fn mismatch(who: Option<&Principal>) -> AccessDenied {
    match who {
        None => AccessDenied::SignInRequired,
        Some(_) => AccessDenied::Forbidden {
            why: "the object is not what this action is about",
        },
    }
}

#[cfg(test)]
mod tests;
