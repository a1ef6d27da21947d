//! A charger's OCPP 1.6 security profile (the OCA's "Improved security for OCPP 1.6-J"):
//! 1 — HTTP Basic auth, 2 — Basic auth over TLS, 3 — a TLS client certificate signed by the
//! platform's charging-station CA. A charger's stored profile is the highest it has
//! connected with; it may be raised by the charger but never lowered: once a charger has
//! connected with its certificate, a password-only connection is a downgrade attempt and is
//! refused. And a certificate signing request (SignCertificate) is signed only for the charge
//! point id the charger authenticated as.

/// How a connection authenticated, in the extension's numbering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SecurityProfile {
    /// HTTP Basic auth over plain WebSocket.
    BasicAuth = 1,
    /// HTTP Basic auth over TLS.
    BasicAuthOverTls = 2,
    /// A TLS client certificate signed by the platform's charging-station CA.
    ClientCertificate = 3,
}

impl SecurityProfile {
    /// The profile a connection presents: a verified client certificate is Profile 3,
    /// otherwise TLS makes it 2 and plain WebSocket 1.
    pub fn presented(tls: bool, client_certificate: bool) -> Self {
        match (tls, client_certificate) {
            (true, true) => Self::ClientCertificate,
            (true, false) => Self::BasicAuthOverTls,
            // A client certificate needs TLS; without it there is none to present.
            (false, _) => Self::BasicAuth,
        }
    }

    /// The stored number (1–3).
    pub fn number(self) -> i64 {
        self as i64
    }

    /// A stored number back (`None` for anything but 1–3).
    pub fn from_number(n: i64) -> Option<Self> {
        match n {
            1 => Some(Self::BasicAuth),
            2 => Some(Self::BasicAuthOverTls),
            3 => Some(Self::ClientCertificate),
            _ => None,
        }
    }
}

/// What the central system does with an authenticated connection, given the charger's
/// stored profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Open the connection; `raise_to` is the charger's new stored profile when it connected
    /// with a higher one than stored.
    Admit { raise_to: Option<SecurityProfile> },
    /// A lower profile than the charger has used: refused and logged as a downgrade attempt.
    RefuseDowngrade {
        stored: SecurityProfile,
        presented: SecurityProfile,
    },
}

/// May a charger whose stored profile is `stored` (`None`: it never connected) connect
/// with `presented`? Raised yes, equal yes, lowered never.
pub fn admit(stored: Option<SecurityProfile>, presented: SecurityProfile) -> Admission {
    match stored {
        Some(stored) if presented < stored => Admission::RefuseDowngrade { stored, presented },
        Some(stored) if presented == stored => Admission::Admit { raise_to: None },
        _ => Admission::Admit {
            raise_to: Some(presented),
        },
    }
}

/// Why a certificate signing request is not signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsrRefusal {
    /// Not a PEM certificate signing request with a valid self-signature (the parser's
    /// reason in words).
    #[error("not a valid certificate signing request: {0}")]
    Malformed(String),
    /// The subject names no common name (CN).
    #[error("the request's subject has no common name (CN)")]
    NoCommonName,
    /// More than one CN: which one the certificate would stand for is ambiguous.
    #[error("the request's subject has {0} common names (CN); one is required")]
    SeveralCommonNames(usize),
    /// The CN is not the charge point id the charger authenticated as.
    #[error("the request's common name {requested:?} is not the charge point id {charger_id:?} that sent it")]
    AnotherCharger { requested: String, charger_id: String },
}

/// Whether a CSR whose subject has `common_names` may be signed for the charger that
/// authenticated as `charger_id`: exactly one CN, equal to the id (byte for byte: charge
/// point ids are case-sensitive in the URL).
pub fn check_csr_subject(common_names: &[&str], charger_id: &str) -> Result<(), CsrRefusal> {
    match common_names {
        [] => Err(CsrRefusal::NoCommonName),
        [cn] if *cn == charger_id => Ok(()),
        [cn] => Err(CsrRefusal::AnotherCharger {
            requested: (*cn).to_owned(),
            charger_id: charger_id.to_owned(),
        }),
        several => Err(CsrRefusal::SeveralCommonNames(several.len())),
    }
}

/// Whether a client certificate presented on the upgrade may open `charger_id`'s
/// connection: its CN is the id in the URL, the platform issued it to that charger and it is
/// not revoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertificateCheck {
    Valid,
    /// Issued for another charge point id (its CN is not the URL's).
    AnotherCharger,
    /// Not in the platform's register of issued certificates (or issued to another charger).
    Unknown,
    Revoked,
}

/// `common_name`: the certificate's CN; `issued_to`: the charger the platform's register
/// has this certificate's serial for (`None`: not found); `revoked`: whether it is revoked.
pub fn check_client_certificate(
    common_name: Option<&str>,
    charger_id: &str,
    issued_to: Option<&str>,
    revoked: bool,
) -> CertificateCheck {
    if common_name != Some(charger_id) {
        return CertificateCheck::AnotherCharger;
    }
    match issued_to {
        Some(owner) if owner == charger_id && revoked => CertificateCheck::Revoked,
        Some(owner) if owner == charger_id => CertificateCheck::Valid,
        _ => CertificateCheck::Unknown,
    }
}

/// How much a security event matters to support.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventSeverity {
    /// Stored in the charger log.
    Notice,
    /// Stored, and a support case is opened (unless one is open for the charger already).
    Critical,
}

/// Our own security event: an authenticated connection lowered the charger's profile.
pub const DOWNGRADE_ATTEMPT: &str = "SecurityProfileDowngradeAttempt";

/// The severity of a security event by its type: the white paper's events that mean the
/// charger or its firmware may have been tampered with — tampering, a firmware whose signature
/// or signing certificate does not verify, a cleared security log, replayed messages — and
/// our own downgrade attempt are critical; the rest (reboots, time set, certificates
/// installed, failed logins one by one, …) are notices. The type is matched without case,
/// as chargers spell it freely (it is free text of at most 50 characters).
pub fn event_severity(kind: &str) -> EventSeverity {
    const CRITICAL: [&str; 7] = [
        "TamperDetectionActivated",
        "InvalidFirmwareSignature",
        "InvalidFirmwareSigningCertificate",
        "SecurityLogWasCleared",
        "AttemptedReplayAttacks",
        "MemoryExhaustion",
        DOWNGRADE_ATTEMPT,
    ];
    if CRITICAL.iter().any(|c| c.eq_ignore_ascii_case(kind.trim())) {
        EventSeverity::Critical
    } else {
        EventSeverity::Notice
    }
}

/// Whether a security event opens a support case: a critical one, when the charger has no
/// open case from a security event already (one case per charger, not one per event: a
/// tampered charger may repeat its event at every boot).
pub fn opens_case(severity: EventSeverity, security_case_open: bool) -> bool {
    severity == EventSeverity::Critical && !security_case_open
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use SecurityProfile::*;

    #[test]
    fn a_profile_is_what_the_connection_presented() {
        assert_eq!(SecurityProfile::presented(true, true), ClientCertificate);
        assert_eq!(SecurityProfile::presented(true, false), BasicAuthOverTls);
        assert_eq!(SecurityProfile::presented(false, false), BasicAuth);
        for p in [BasicAuth, BasicAuthOverTls, ClientCertificate] {
            assert_eq!(SecurityProfile::from_number(p.number()), Some(p));
        }
        assert_eq!(SecurityProfile::from_number(0), None);
        assert_eq!(SecurityProfile::from_number(4), None);
    }

    #[test]
    fn a_charger_on_profile_3_may_not_come_back_with_a_password() {
        assert_eq!(
            admit(Some(ClientCertificate), BasicAuthOverTls),
            Admission::RefuseDowngrade {
                stored: ClientCertificate,
                presented: BasicAuthOverTls
            }
        );
        assert_eq!(
            admit(Some(BasicAuthOverTls), ClientCertificate),
            Admission::Admit {
                raise_to: Some(ClientCertificate)
            }
        );
        assert_eq!(
            admit(Some(ClientCertificate), ClientCertificate),
            Admission::Admit { raise_to: None }
        );
        assert_eq!(
            admit(None, BasicAuth),
            Admission::Admit {
                raise_to: Some(BasicAuth)
            }
        );
    }

    fn profile() -> impl Strategy<Value = SecurityProfile> {
        prop_oneof![Just(BasicAuth), Just(BasicAuthOverTls), Just(ClientCertificate)]
    }

    proptest! {
        /// Whatever the order of connections, the stored profile never goes down, and every
        /// connection below it is refused.
        #[test]
        fn the_stored_profile_never_goes_down(connections in proptest::collection::vec(profile(), 0..20)) {
            let mut stored: Option<SecurityProfile> = None;
            for presented in connections {
                let before = stored;
                match admit(stored, presented) {
                    Admission::Admit { raise_to } => {
                        prop_assert!(before.is_none_or(|s| presented >= s));
                        if let Some(p) = raise_to {
                            prop_assert!(before.is_none_or(|s| p > s));
                            stored = Some(p);
                        }
                    }
                    Admission::RefuseDowngrade { stored: s, presented: p } => {
                        prop_assert_eq!(Some(s), before);
                        prop_assert!(p < s);
                    }
                }
                prop_assert!(stored >= before);
            }
        }
    }

    #[test]
    fn tampering_and_bad_firmware_signatures_open_one_case_reboots_do_not() {
        for kind in [
            "TamperDetectionActivated",
            "invalidfirmwaresignature",
            " SecurityLogWasCleared ",
            DOWNGRADE_ATTEMPT,
        ] {
            assert_eq!(event_severity(kind), EventSeverity::Critical, "{kind}");
        }
        for kind in ["ResetOrReboot", "SettingSystemTime", "FirmwareUpdated", "", "Tamper"] {
            assert_eq!(event_severity(kind), EventSeverity::Notice, "{kind}");
        }
        assert!(opens_case(EventSeverity::Critical, false));
        assert!(!opens_case(EventSeverity::Critical, true));
        assert!(!opens_case(EventSeverity::Notice, false));
    }

    #[test]
    fn a_csr_is_signed_only_for_the_charger_that_sent_it() {
        assert_eq!(check_csr_subject(&["OSLO-1"], "OSLO-1"), Ok(()));
        assert_eq!(
            check_csr_subject(&["BERGEN-2"], "OSLO-1"),
            Err(CsrRefusal::AnotherCharger {
                requested: "BERGEN-2".into(),
                charger_id: "OSLO-1".into()
            })
        );
        assert_eq!(
            check_csr_subject(&["oslo-1"], "OSLO-1"),
            Err(CsrRefusal::AnotherCharger {
                requested: "oslo-1".into(),
                charger_id: "OSLO-1".into()
            })
        );
        assert_eq!(check_csr_subject(&[], "OSLO-1"), Err(CsrRefusal::NoCommonName));
        assert_eq!(
            check_csr_subject(&["OSLO-1", "OSLO-1"], "OSLO-1"),
            Err(CsrRefusal::SeveralCommonNames(2))
        );
    }

    #[test]
    fn a_client_certificate_opens_only_its_own_chargers_connection_until_revoked() {
        let check = check_client_certificate;
        assert_eq!(check(Some("A"), "A", Some("A"), false), CertificateCheck::Valid);
        assert_eq!(check(Some("A"), "A", Some("A"), true), CertificateCheck::Revoked);
        assert_eq!(
            check(Some("B"), "A", Some("B"), false),
            CertificateCheck::AnotherCharger
        );
        assert_eq!(check(None, "A", Some("A"), false), CertificateCheck::AnotherCharger);
        assert_eq!(check(Some("A"), "A", None, false), CertificateCheck::Unknown);
        assert_eq!(check(Some("A"), "A", Some("B"), false), CertificateCheck::Unknown);
    }
}
