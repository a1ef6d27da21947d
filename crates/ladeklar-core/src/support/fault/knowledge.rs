//! Fault knowledge: what an OCPP error code, a vendor code or a driver's report most likely
//! means and what to do about it. The knowledge is data (`data/fault-knowledge.json`,
//! described by its `about` field); operators extend it with their own file of the same
//! shape ([`FaultKnowledge::extended_with`]). Files are validated when loaded, and errors
//! name the entry and the field.

use serde::{Deserialize, Serialize};

use crate::session::ConnectorStatus;

const BUILTIN_KNOWLEDGE: &str = include_str!("../../../data/fault-knowledge.json");

/// OCPP 1.6 ChargePointErrorCode (StatusNotification.req errorCode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ChargePointErrorCode {
    ConnectorLockFailure,
    #[serde(rename = "EVCommunicationError")]
    EvCommunicationError,
    GroundFailure,
    HighTemperature,
    InternalError,
    LocalListConflict,
    NoError,
    OtherError,
    OverCurrentFailure,
    OverVoltage,
    PowerMeterFailure,
    PowerSwitchFailure,
    ReaderFailure,
    ResetFailure,
    UnderVoltage,
    WeakSignal,
}

impl ChargePointErrorCode {
    pub const ALL: [ChargePointErrorCode; 16] = [
        ChargePointErrorCode::ConnectorLockFailure,
        ChargePointErrorCode::EvCommunicationError,
        ChargePointErrorCode::GroundFailure,
        ChargePointErrorCode::HighTemperature,
        ChargePointErrorCode::InternalError,
        ChargePointErrorCode::LocalListConflict,
        ChargePointErrorCode::NoError,
        ChargePointErrorCode::OtherError,
        ChargePointErrorCode::OverCurrentFailure,
        ChargePointErrorCode::OverVoltage,
        ChargePointErrorCode::PowerMeterFailure,
        ChargePointErrorCode::PowerSwitchFailure,
        ChargePointErrorCode::ReaderFailure,
        ChargePointErrorCode::ResetFailure,
        ChargePointErrorCode::UnderVoltage,
        ChargePointErrorCode::WeakSignal,
    ];

    /// The OCPP spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ChargePointErrorCode::ConnectorLockFailure => "ConnectorLockFailure",
            ChargePointErrorCode::EvCommunicationError => "EVCommunicationError",
            ChargePointErrorCode::GroundFailure => "GroundFailure",
            ChargePointErrorCode::HighTemperature => "HighTemperature",
            ChargePointErrorCode::InternalError => "InternalError",
            ChargePointErrorCode::LocalListConflict => "LocalListConflict",
            ChargePointErrorCode::NoError => "NoError",
            ChargePointErrorCode::OtherError => "OtherError",
            ChargePointErrorCode::OverCurrentFailure => "OverCurrentFailure",
            ChargePointErrorCode::OverVoltage => "OverVoltage",
            ChargePointErrorCode::PowerMeterFailure => "PowerMeterFailure",
            ChargePointErrorCode::PowerSwitchFailure => "PowerSwitchFailure",
            ChargePointErrorCode::ReaderFailure => "ReaderFailure",
            ChargePointErrorCode::ResetFailure => "ResetFailure",
            ChargePointErrorCode::UnderVoltage => "UnderVoltage",
            ChargePointErrorCode::WeakSignal => "WeakSignal",
        }
    }
}

impl std::fmt::Display for ChargePointErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown OCPP 1.6 error code {0:?} (expected one of ConnectorLockFailure, EVCommunicationError, GroundFailure, HighTemperature, InternalError, LocalListConflict, NoError, OtherError, OverCurrentFailure, OverVoltage, PowerMeterFailure, PowerSwitchFailure, ReaderFailure, ResetFailure, UnderVoltage, WeakSignal)")]
pub struct UnknownErrorCode(pub String);

impl std::str::FromStr for ChargePointErrorCode {
    type Err = UnknownErrorCode;
    /// Case-insensitive: OCPP implementations disagree on case (`noError`, `NoError`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ChargePointErrorCode::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownErrorCode(s.to_string()))
    }
}

/// What the driver said was wrong, when reporting a fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportCategory {
    WontStart,
    CableStuck,
    StoppedDuringCharging,
    SlowCharging,
    PaymentFailed,
    RfidNotRead,
    ChargerOffline,
    PhysicalDamage,
    DisplayFault,
    Other,
}

impl ReportCategory {
    pub const ALL: [ReportCategory; 10] = [
        ReportCategory::WontStart,
        ReportCategory::CableStuck,
        ReportCategory::StoppedDuringCharging,
        ReportCategory::SlowCharging,
        ReportCategory::PaymentFailed,
        ReportCategory::RfidNotRead,
        ReportCategory::ChargerOffline,
        ReportCategory::PhysicalDamage,
        ReportCategory::DisplayFault,
        ReportCategory::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportCategory::WontStart => "wont_start",
            ReportCategory::CableStuck => "cable_stuck",
            ReportCategory::StoppedDuringCharging => "stopped_during_charging",
            ReportCategory::SlowCharging => "slow_charging",
            ReportCategory::PaymentFailed => "payment_failed",
            ReportCategory::RfidNotRead => "rfid_not_read",
            ReportCategory::ChargerOffline => "charger_offline",
            ReportCategory::PhysicalDamage => "physical_damage",
            ReportCategory::DisplayFault => "display_fault",
            ReportCategory::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown report category {0:?} (expected one of wont_start, cable_stuck, stopped_during_charging, slow_charging, payment_failed, rfid_not_read, charger_offline, physical_damage, display_fault, other)")]
pub struct UnknownCategory(pub String);

impl std::str::FromStr for ReportCategory {
    type Err = UnknownCategory;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm = s.trim().to_ascii_lowercase().replace('-', "_");
        ReportCategory::ALL
            .into_iter()
            .find(|c| c.as_str() == norm)
            .ok_or_else(|| UnknownCategory(s.to_string()))
    }
}

/// A remote remedy, sent over OCPP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemoteRemedy {
    /// Reset.req type Soft.
    SoftReset,
    /// Reset.req type Hard.
    HardReset,
    /// UnlockConnector.req.
    UnlockConnector,
    /// ChangeAvailability.req: Inoperative (to keep drivers off), or an Inoperative/Operative cycle.
    ChangeAvailability,
    /// SendLocalList.req with a full update.
    SendLocalList,
}

impl RemoteRemedy {
    pub fn as_str(self) -> &'static str {
        match self {
            RemoteRemedy::SoftReset => "soft reset",
            RemoteRemedy::HardReset => "hard reset",
            RemoteRemedy::UnlockConnector => "unlock connector",
            RemoteRemedy::ChangeAvailability => "change availability",
            RemoteRemedy::SendLocalList => "send local list",
        }
    }
}

/// How to tell a remedy worked: the connector reports `status` within `within_minutes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyBy {
    pub status: ConnectorStatus,
    pub within_minutes: u32,
}

/// When a field visit is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitWhen {
    Always,
    IfRemediesFail,
    IfRecurring,
    Never,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldVisitRule {
    pub when: VisitWhen,
    #[serde(default)]
    pub parts: Vec<String>,
    #[serde(default)]
    pub skills: Vec<String>,
}

/// A sentence in English and Norwegian (bokmål).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Localised {
    pub en: String,
    pub nb: String,
}

/// One piece of fault knowledge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeEntry {
    pub id: String,
    #[serde(default)]
    pub error_code: Option<ChargePointErrorCode>,
    #[serde(default)]
    pub vendor_id: Option<String>,
    #[serde(default)]
    pub vendor_error_code: Option<String>,
    #[serde(default)]
    pub category: Option<ReportCategory>,
    /// What the code means (the spec's words, for support).
    pub meaning: String,
    pub likely_cause: String,
    /// 0–100: how likely `likely_cause` is, before the analysis adjusts it.
    pub confidence: u8,
    /// Remote remedies in the order to try them (empty: none can help).
    pub remedies: Vec<RemoteRemedy>,
    #[serde(default)]
    pub verify: Option<VerifyBy>,
    pub field_visit: FieldVisitRule,
    #[serde(default)]
    pub safety_hazard: bool,
    /// Driver report categories this fault is consistent with.
    #[serde(default)]
    pub categories: Vec<ReportCategory>,
    pub driver_message: Localised,
}

/// A knowledge file that cannot be used, saying where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KnowledgeError {
    #[error("the knowledge file is not valid JSON: {0}")]
    NotJson(String),
    #[error("the knowledge file needs an `entries` array")]
    NoEntries,
    #[error("knowledge entry {entry}: {message}")]
    Entry { entry: String, message: String },
    #[error("knowledge entry {entry}: field `{field}` {why}")]
    Field { entry: String, field: String, why: String },
    #[error("knowledge entry {0:?} is defined twice in the same file")]
    Duplicate(String),
}

impl KnowledgeError {
    /// A stable code for the UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            KnowledgeError::NotJson(_) | KnowledgeError::NoEntries => "knowledge.malformed",
            KnowledgeError::Entry { .. } | KnowledgeError::Field { .. } => "knowledge.invalid_entry",
            KnowledgeError::Duplicate(_) => "knowledge.duplicate_entry",
        }
    }
}

/// A validated set of knowledge entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultKnowledge {
    pub entries: Vec<KnowledgeEntry>,
}

impl KnowledgeEntry {
    fn validate(&self) -> Result<(), KnowledgeError> {
        let field = |f: &str, why: &str| KnowledgeError::Field {
            entry: self.id.clone(),
            field: f.to_string(),
            why: why.to_string(),
        };
        if self.id.trim().is_empty() {
            return Err(field("id", "is empty"));
        }
        if self.error_code.is_none() && self.category.is_none() {
            return Err(field("error_code", "or `category` is required"));
        }
        if self.error_code.is_some() && self.category.is_some() {
            return Err(field("category", "cannot be combined with `error_code`"));
        }
        let blank = |s: &Option<String>| s.as_deref().is_some_and(|v| v.trim().is_empty());
        if blank(&self.vendor_id) {
            return Err(field("vendor_id", "is empty"));
        }
        if blank(&self.vendor_error_code) {
            return Err(field("vendor_error_code", "is empty"));
        }
        if self.vendor_error_code.is_some() && self.vendor_id.is_none() {
            return Err(field("vendor_id", "is required with `vendor_error_code`"));
        }
        if self.vendor_id.is_some() && self.vendor_error_code.is_none() {
            return Err(field("vendor_error_code", "is required with `vendor_id`"));
        }
        if self.vendor_id.is_some() && self.error_code.is_none() {
            return Err(field("error_code", "is required with a vendor code"));
        }
        for (name, text) in [("meaning", &self.meaning), ("likely_cause", &self.likely_cause)] {
            if text.trim().is_empty() {
                return Err(field(name, "is empty"));
            }
        }
        if self.driver_message.en.trim().is_empty() {
            return Err(field("driver_message.en", "is empty"));
        }
        if self.driver_message.nb.trim().is_empty() {
            return Err(field("driver_message.nb", "is empty"));
        }
        if self.confidence > 100 {
            return Err(field("confidence", "must be 0–100"));
        }
        let mut seen = std::collections::BTreeSet::new();
        if let Some(dup) = self.remedies.iter().find(|r| !seen.insert(**r)) {
            return Err(field("remedies", &format!("lists {} twice", dup.as_str())));
        }
        if !self.remedies.is_empty() && self.verify.is_none() {
            return Err(field("verify", "is required when remedies are listed"));
        }
        if self.verify.is_some_and(|v| v.within_minutes == 0) {
            return Err(field("verify.within_minutes", "must be more than zero"));
        }
        if self.field_visit.when != VisitWhen::Never && self.field_visit.skills.is_empty() {
            return Err(field(
                "field_visit.skills",
                "must name at least one skill when a visit can be needed",
            ));
        }
        Ok(())
    }

    /// Whether this entry is for a vendor code.
    pub fn is_vendor_entry(&self) -> bool {
        self.vendor_error_code.is_some()
    }
}

/// The first field of a raw entry that does not deserialize into its type (serde's own
/// message does not always name it).
fn bad_field(item: &serde_json::Value) -> Option<String> {
    use serde_json::from_value as from;
    fn ok<T: serde::de::DeserializeOwned>(v: &serde_json::Value) -> bool {
        from::<T>(v.clone()).is_ok()
    }
    let obj = item.as_object()?;
    obj.iter()
        .find(|(key, v)| {
            !match key.as_str() {
                "id" | "meaning" | "likely_cause" => ok::<String>(v),
                "error_code" => ok::<Option<ChargePointErrorCode>>(v),
                "vendor_id" | "vendor_error_code" => ok::<Option<String>>(v),
                "category" => ok::<Option<ReportCategory>>(v),
                "confidence" => ok::<u8>(v),
                "remedies" => ok::<Vec<RemoteRemedy>>(v),
                "verify" => ok::<Option<VerifyBy>>(v),
                "field_visit" => ok::<FieldVisitRule>(v),
                "safety_hazard" => ok::<bool>(v),
                "categories" => ok::<Vec<ReportCategory>>(v),
                "driver_message" => ok::<Localised>(v),
                _ => true, // unknown fields: serde's message names them
            }
        })
        .map(|(key, _)| key.clone())
}

impl FaultKnowledge {
    /// The built-in knowledge (every OCPP 1.6 error code, the Ladeklar vendor set, every
    /// report category).
    pub fn builtin() -> FaultKnowledge {
        FaultKnowledge::from_json(BUILTIN_KNOWLEDGE).expect("data/fault-knowledge.json is valid (tested)")
    }

    /// Parses and validates a knowledge file. Errors name the entry (its id, or its
    /// position when it has none) and the field.
    pub fn from_json(text: &str) -> Result<FaultKnowledge, KnowledgeError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| KnowledgeError::NotJson(e.to_string()))?;
        let raw = value
            .get("entries")
            .and_then(|e| e.as_array())
            .ok_or(KnowledgeError::NoEntries)?;
        let mut entries = Vec::with_capacity(raw.len());
        let mut ids = std::collections::BTreeSet::new();
        for (i, item) in raw.iter().enumerate() {
            let name = item
                .get("id")
                .and_then(|v| v.as_str())
                .map_or_else(|| format!("#{} (no id)", i + 1), |id| format!("{id:?}"));
            let entry: KnowledgeEntry = serde_json::from_value(item.clone()).map_err(|e| match bad_field(item) {
                Some(field) => KnowledgeError::Field {
                    entry: name.clone(),
                    field,
                    why: e.to_string(),
                },
                None => KnowledgeError::Entry {
                    entry: name.clone(),
                    message: e.to_string(),
                },
            })?;
            entry.validate()?;
            if !ids.insert(entry.id.clone()) {
                return Err(KnowledgeError::Duplicate(entry.id));
            }
            entries.push(entry);
        }
        Ok(FaultKnowledge { entries })
    }

    /// This knowledge with an operator's entries added: theirs are looked up first, and
    /// replace entries here with the same id.
    pub fn extended_with(self, operator: FaultKnowledge) -> FaultKnowledge {
        let mut entries = operator.entries;
        let ids: std::collections::BTreeSet<String> = entries.iter().map(|e| e.id.clone()).collect();
        entries.extend(self.entries.into_iter().filter(|e| !ids.contains(&e.id)));
        FaultKnowledge { entries }
    }

    /// The entry for an error code: the vendor entry when one matches (vendor id compared
    /// case-insensitively), else the standard entry for the code.
    pub fn for_error(
        &self,
        code: ChargePointErrorCode,
        vendor_id: Option<&str>,
        vendor_error_code: Option<&str>,
    ) -> Option<&KnowledgeEntry> {
        let vendor = self.entries.iter().find(|e| {
            e.error_code == Some(code)
                && e.vendor_id
                    .as_deref()
                    .zip(vendor_id)
                    .is_some_and(|(a, b)| a.eq_ignore_ascii_case(b.trim()))
                && e.vendor_error_code
                    .as_deref()
                    .zip(vendor_error_code)
                    .is_some_and(|(a, b)| a == b.trim())
        });
        vendor.or_else(|| {
            self.entries
                .iter()
                .find(|e| e.error_code == Some(code) && !e.is_vendor_entry())
        })
    }

    pub fn for_category(&self, category: ReportCategory) -> Option<&KnowledgeEntry> {
        self.entries.iter().find(|e| e.category == Some(category))
    }

    pub fn get(&self, id: &str) -> Option<&KnowledgeEntry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// Standard error codes without a (non-vendor) entry.
    pub fn missing_error_codes(&self) -> Vec<ChargePointErrorCode> {
        ChargePointErrorCode::ALL
            .into_iter()
            .filter(|c| {
                !self
                    .entries
                    .iter()
                    .any(|e| e.error_code == Some(*c) && !e.is_vendor_entry())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_covers_every_standard_code_and_category() {
        let k = FaultKnowledge::builtin();
        assert_eq!(k.missing_error_codes(), vec![]);
        for c in ReportCategory::ALL {
            assert!(k.for_category(c).is_some(), "{c:?}");
        }
    }

    /// Every built-in entry, checked against what it must say.
    #[test]
    fn every_builtin_entry() {
        use ChargePointErrorCode as C;
        use RemoteRemedy as R;
        use VisitWhen as V;
        // (id, first remedy, visit rule, safety hazard)
        #[rustfmt::skip]
        let table: &[(&str, Option<RemoteRemedy>, VisitWhen, bool)] = &[
            ("ocpp.ConnectorLockFailure", Some(R::UnlockConnector), V::IfRemediesFail, false),
            ("ocpp.EVCommunicationError", Some(R::SoftReset), V::IfRecurring, false),
            ("ocpp.GroundFailure", None, V::Always, true),
            ("ocpp.HighTemperature", Some(R::ChangeAvailability), V::IfRecurring, false),
            ("ocpp.InternalError", Some(R::SoftReset), V::IfRemediesFail, false),
            ("ocpp.LocalListConflict", Some(R::SendLocalList), V::Never, false),
            ("ocpp.NoError", None, V::Never, false),
            ("ocpp.OtherError", Some(R::SoftReset), V::IfRemediesFail, false),
            ("ocpp.OverCurrentFailure", None, V::Always, true),
            ("ocpp.OverVoltage", Some(R::SoftReset), V::IfRecurring, false),
            ("ocpp.PowerMeterFailure", Some(R::SoftReset), V::IfRemediesFail, false),
            ("ocpp.PowerSwitchFailure", Some(R::HardReset), V::IfRemediesFail, true),
            ("ocpp.ReaderFailure", Some(R::SoftReset), V::IfRemediesFail, false),
            ("ocpp.ResetFailure", Some(R::HardReset), V::IfRemediesFail, false),
            ("ocpp.UnderVoltage", Some(R::SoftReset), V::IfRecurring, false),
            ("ocpp.WeakSignal", Some(R::SoftReset), V::IfRecurring, false),
            ("vendor.Ladeklar.LK-001", None, V::Always, true),
            ("vendor.Ladeklar.LK-002", Some(R::ChangeAvailability), V::Always, true),
            ("vendor.Ladeklar.LK-003", Some(R::SoftReset), V::IfRemediesFail, false),
            ("vendor.Ladeklar.LK-010", None, V::Always, false),
            ("vendor.Ladeklar.LK-020", None, V::Always, false),
            ("vendor.Ladeklar.LK-030", Some(R::SoftReset), V::IfRemediesFail, false),
            ("vendor.Ladeklar.LK-040", Some(R::SoftReset), V::IfRemediesFail, false),
            ("category.wont_start", Some(R::SoftReset), V::IfRecurring, false),
            ("category.cable_stuck", Some(R::UnlockConnector), V::IfRemediesFail, false),
            ("category.stopped_during_charging", Some(R::SoftReset), V::IfRecurring, false),
            ("category.slow_charging", None, V::IfRecurring, false),
            ("category.payment_failed", None, V::Never, false),
            ("category.rfid_not_read", Some(R::SendLocalList), V::IfRecurring, false),
            ("category.charger_offline", Some(R::HardReset), V::IfRemediesFail, false),
            ("category.physical_damage", Some(R::ChangeAvailability), V::Always, true),
            ("category.display_fault", Some(R::SoftReset), V::IfRemediesFail, false),
            ("category.other", None, V::Never, false),
        ];
        let k = FaultKnowledge::builtin();
        assert_eq!(k.entries.len(), table.len(), "every entry has a row here");
        for (id, first, when, hazard) in table {
            let e = k.get(id).unwrap_or_else(|| panic!("{id} missing"));
            assert_eq!(e.remedies.first().copied(), *first, "{id}");
            assert_eq!(e.field_visit.when, *when, "{id}");
            assert_eq!(e.safety_hazard, *hazard, "{id}");
            // The id follows the match key.
            match (e.error_code, &e.vendor_error_code, e.category) {
                (Some(c), None, None) => assert_eq!(*id, format!("ocpp.{c}")),
                (Some(C::OtherError), Some(v), None) => assert!(id.ends_with(v.as_str()), "{id}"),
                (None, None, Some(cat)) => assert_eq!(*id, format!("category.{}", cat.as_str())),
                other => panic!("{id}: unexpected key {other:?}"),
            }
            // Lookups find it.
            let found = match e.category {
                Some(cat) => k.for_category(cat),
                None => k.for_error(
                    e.error_code.unwrap(),
                    e.vendor_id.as_deref(),
                    e.vendor_error_code.as_deref(),
                ),
            };
            assert_eq!(found.map(|f| f.id.as_str()), Some(*id));
        }
    }

    #[test]
    fn unknown_vendor_code_falls_back_to_the_standard_entry() {
        let k = FaultKnowledge::builtin();
        let e = k
            .for_error(ChargePointErrorCode::OtherError, Some("ladeklar"), Some("LK-999"))
            .unwrap();
        assert_eq!(e.id, "ocpp.OtherError");
        let e = k
            .for_error(ChargePointErrorCode::OtherError, Some("LADEKLAR"), Some("LK-002"))
            .unwrap();
        assert_eq!(e.id, "vendor.Ladeklar.LK-002");
    }

    #[test]
    fn parses_codes_and_categories() {
        assert_eq!(
            "evcommunicationerror".parse(),
            Ok(ChargePointErrorCode::EvCommunicationError)
        );
        assert_eq!("NoError".parse(), Ok(ChargePointErrorCode::NoError));
        assert!("Bogus"
            .parse::<ChargePointErrorCode>()
            .unwrap_err()
            .to_string()
            .contains("\"Bogus\""));
        assert_eq!("cable-stuck".parse(), Ok(ReportCategory::CableStuck));
        assert!("x".parse::<ReportCategory>().is_err());
    }

    #[test]
    fn malformed_files_name_the_entry_and_field() {
        let entry = |extra: &str| {
            format!(
                r#"{{"entries":[{{"id":"op.x","error_code":"GroundFailure","meaning":"m","likely_cause":"c","confidence":50,"remedies":[],"field_visit":{{"when":"never"}},"driver_message":{{"en":"e","nb":"n"}}{extra}}}]}}"#
            )
        };
        assert!(FaultKnowledge::from_json(&entry("")).is_ok());
        let cases = [
            ("{".to_string(), "not valid JSON"),
            ("{}".to_string(), "needs an `entries` array"),
            (entry(r#","colour":"red""#), "\"op.x\": unknown field `colour`"),
            (
                entry(r#","vendor_id":"Acme""#),
                "field `vendor_error_code` is required with `vendor_id`",
            ),
            (
                entry(r#","category":"wont_start""#),
                "field `category` cannot be combined",
            ),
        ];
        for (text, want) in cases {
            let err = FaultKnowledge::from_json(&text).unwrap_err().to_string();
            assert!(err.contains(want), "{err:?} should contain {want:?}");
        }
        let replace = |from: &str, to: &str| entry("").replace(from, to);
        let cases = [
            (
                replace(r#""confidence":50"#, r#""confidence":101"#),
                "field `confidence` must be 0–100",
            ),
            (
                replace(r#""remedies":[]"#, r#""remedies":["reboot"]"#),
                "field `remedies` unknown variant `reboot`",
            ),
            (
                // serde_json reads numbers the same in every build now (no `arbitrary_precision`
                // anywhere: vendor/rust-ocpp/README.md), so the wording is checked too.
                replace(r#""confidence":50"#, r#""confidence":500"#),
                "field `confidence` invalid value: integer `500`, expected u8",
            ),
            (
                replace(r#""remedies":[]"#, r#""remedies":["soft_reset"]"#),
                "field `verify` is required",
            ),
            (
                replace(r#""GroundFailure""#, r#""Bogus""#),
                "field `error_code` unknown variant `Bogus`",
            ),
            (
                replace(r#""likely_cause":"c""#, r#""likely_cause":" ""#),
                "field `likely_cause` is empty",
            ),
            (
                replace(r#""when":"never""#, r#""when":"always""#),
                "field `field_visit.skills`",
            ),
            (replace(r#""id":"op.x","#, ""), "#1 (no id): missing field `id`"),
            (replace(r#","nb":"n""#, ""), "field `driver_message` missing field `nb`"),
        ];
        for (text, want) in cases {
            let err = FaultKnowledge::from_json(&text).unwrap_err().to_string();
            assert!(err.contains(want), "{err:?} should contain {want:?}");
            if !want.starts_with('#') {
                assert!(err.contains("op.x"), "{err:?} names the entry");
            }
        }
        let one = entry("");
        let inner = &one[12..one.len() - 2];
        let twice = format!(r#"{{"entries":[{inner},{inner}]}}"#);
        assert!(matches!(
            FaultKnowledge::from_json(&twice),
            Err(KnowledgeError::Duplicate(_))
        ));
    }

    #[test]
    fn operator_entries_come_first_and_replace_by_id() {
        let op = FaultKnowledge::from_json(
            r#"{"entries":[
              {"id":"ocpp.GroundFailure","error_code":"GroundFailure","meaning":"m","likely_cause":"Our site floods","confidence":90,"remedies":[],"field_visit":{"when":"always","skills":["electrician"]},"driver_message":{"en":"e","nb":"n"}},
              {"id":"vendor.Acme.E42","error_code":"OtherError","vendor_id":"Acme","vendor_error_code":"E42","meaning":"m","likely_cause":"Acme fan","confidence":60,"remedies":["soft_reset"],"verify":{"status":"available","within_minutes":5},"field_visit":{"when":"if_remedies_fail","skills":["tech"]},"driver_message":{"en":"e","nb":"n"}}
            ]}"#,
        )
        .unwrap();
        let k = FaultKnowledge::builtin().extended_with(op);
        assert_eq!(k.entries.len(), 34);
        assert_eq!(
            k.for_error(ChargePointErrorCode::GroundFailure, None, None)
                .unwrap()
                .likely_cause,
            "Our site floods"
        );
        assert_eq!(
            k.for_error(ChargePointErrorCode::OtherError, Some("acme"), Some("E42"))
                .unwrap()
                .id,
            "vendor.Acme.E42"
        );
    }
}
