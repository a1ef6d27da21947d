//! The official OCPP 1.6 JSON schemas (`schemas/v16/`, OCA's files, unmodified: the 28 actions
//! of OCPP 1.6 and the 11 of its security extension) and the
//! check of a payload against its action's schema, answered with the OCPP-J 1.6 CALLERROR
//! code for the kind of violation (§4.2.3, table "Valid Error Codes"):
//!
//! | schema keyword                                                   | CALLERROR code                 |
//! |------------------------------------------------------------------|--------------------------------|
//! | `required`, `minItems`, `maxItems` (a field's cardinality)       | `OccurenceConstraintViolation` |
//! | `type`                                                           | `TypeConstraintViolation`      |
//! | `enum`, `maxLength`, `format`, `multipleOf`, `minimum`, `pattern`… | `PropertyConstraintViolation`  |
//! | `additionalProperties` and anything else                         | `FormationViolation`           |
//!
//! When a payload breaks several rules, the one reported is the first in that table's order
//! (a missing field before a wrong type before a wrong value before an unknown field), and the
//! description counts the others. The description names the action and the JSON pointer of
//! the field: `StartTransaction: /idTag: "…" is longer than 20 characters`.
//!
//! Each schema is compiled once, the first time its action is read. `multipleOf` (only
//! `multipleOf: 0.1` on charging-schedule limits) is checked in exact decimals, not in binary
//! floating point, where valid limits like `21.4` would fail.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::{LazyLocation, Location};
use jsonschema::{Draft, Keyword, ValidationError, Validator};
use rust_decimal::Decimal;
use serde_json::{Map, Number, Value};

use crate::messages::PayloadError;
use crate::CallErrorCode;

/// Which of an action's two PDUs a payload is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pdu {
    /// The CALL's payload (`Action.json`).
    Request,
    /// The CALLRESULT's payload (`ActionResponse.json`).
    Response,
}

struct Schema {
    file: &'static str,
    text: &'static str,
    compiled: OnceLock<Result<Validator, String>>,
}

impl Schema {
    const fn new(file: &'static str, text: &'static str) -> Self {
        Self {
            file,
            text,
            compiled: OnceLock::new(),
        }
    }

    fn validator(&self) -> Result<&Validator, &str> {
        self.compiled
            .get_or_init(|| compile(self.text).map_err(|e| format!("{}: {e}", self.file)))
            .as_ref()
            .map_err(String::as_str)
    }
}

macro_rules! schemas {
    ($($action:ident),+ $(,)?) => {
        /// The 28 actions of OCPP 1.6 (Core, Firmware Management, Local Auth List Management,
        /// Reservation, Remote Trigger, Smart Charging) and the 11 of the OCA's "Improved
        /// security for OCPP 1.6-J" extension, in alphabetical order.
        pub const ACTIONS: &[&str] = &[$(stringify!($action)),+];

        static SCHEMAS: [(Schema, Schema); ACTIONS.len()] = [$((
            Schema::new(
                concat!(stringify!($action), ".json"),
                include_str!(concat!("../../schemas/v16/", stringify!($action), ".json")),
            ),
            Schema::new(
                concat!(stringify!($action), "Response.json"),
                include_str!(concat!("../../schemas/v16/", stringify!($action), "Response.json")),
            ),
        )),+];
    };
}

schemas!(
    Authorize,
    BootNotification,
    CancelReservation,
    CertificateSigned,
    ChangeAvailability,
    ChangeConfiguration,
    ClearCache,
    ClearChargingProfile,
    DataTransfer,
    DeleteCertificate,
    DiagnosticsStatusNotification,
    ExtendedTriggerMessage,
    FirmwareStatusNotification,
    GetCompositeSchedule,
    GetConfiguration,
    GetDiagnostics,
    GetInstalledCertificateIds,
    GetLocalListVersion,
    GetLog,
    Heartbeat,
    InstallCertificate,
    LogStatusNotification,
    MeterValues,
    RemoteStartTransaction,
    RemoteStopTransaction,
    ReserveNow,
    Reset,
    SecurityEventNotification,
    SendLocalList,
    SetChargingProfile,
    SignCertificate,
    SignedFirmwareStatusNotification,
    SignedUpdateFirmware,
    StartTransaction,
    StatusNotification,
    StopTransaction,
    TriggerMessage,
    UnlockConnector,
    UpdateFirmware,
);

fn schema(action: &str, pdu: Pdu) -> Option<&'static Schema> {
    let index = ACTIONS.binary_search(&action).ok()?;
    let (request, response) = &SCHEMAS[index];
    Some(match pdu {
        Pdu::Request => request,
        Pdu::Response => response,
    })
}

/// The schema's JSON text (as shipped in `schemas/v16/`), if `action` is an OCPP 1.6 action.
pub fn schema_text(action: &str, pdu: Pdu) -> Option<&'static str> {
    schema(action, pdu).map(|s| s.text)
}

fn compile(text: &str) -> Result<Validator, String> {
    let schema: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    // OCPP 1.6's files are draft-04; the security extension's (2020-03) are draft-06.
    let draft = match schema.get("$schema").and_then(Value::as_str) {
        Some(uri) if uri.contains("draft-06") => Draft::Draft6,
        _ => Draft::Draft4,
    };
    jsonschema::options()
        .with_draft(draft)
        .should_validate_formats(true)
        .with_keyword("multipleOf", ExactMultipleOf::factory)
        .build(&schema)
        .map_err(|e| e.to_string())
}

/// Checks `payload` against the OCPP 1.6 schema of `action`'s `pdu`.
pub fn check(action: &str, pdu: Pdu, payload: &Value) -> Result<(), PayloadError> {
    let Some(schema) = schema(action, pdu) else {
        return Err(PayloadError {
            code: CallErrorCode::NotImplemented,
            description: format!("{action}: not an OCPP 1.6 action"),
        });
    };
    let validator = schema.validator().map_err(|why| PayloadError {
        code: CallErrorCode::InternalError,
        description: format!("{action}: schema not usable: {why}"),
    })?;
    report(action, validator, payload)
}

/// `Ok` if `payload` is valid, else the violation to answer with (see the module docs).
fn report(action: &str, validator: &Validator, payload: &Value) -> Result<(), PayloadError> {
    if validator.is_valid(payload) {
        return Ok(());
    }
    let mut violations = validator.iter_errors(payload).map(|e| Violation::of(&e));
    let Some(mut worst) = violations.next() else {
        return Ok(());
    };
    let mut others = 0usize;
    for v in violations {
        others += 1;
        if v.code_rank() < worst.code_rank() {
            worst = v;
        }
    }
    let mut description = format!("{action}: ");
    if !worst.pointer.is_empty() {
        let _ = write!(description, "{}: ", worst.pointer);
    }
    description.push_str(&worst.message);
    match others {
        0 => {}
        1 => description.push_str(" (and 1 more violation)"),
        n => {
            let _ = write!(description, " (and {n} more violations)");
        }
    }
    Err(PayloadError {
        code: worst.code,
        description,
    })
}

/// One schema violation: its code, the JSON pointer of the field, and what is wrong.
struct Violation {
    code: CallErrorCode,
    pointer: String,
    message: String,
}

impl Violation {
    fn of(error: &ValidationError<'_>) -> Self {
        use CallErrorCode as C;
        let instance = &*error.instance;
        let at = |field: Option<&str>| match field {
            Some(name) => error.instance_path.join(name).as_str().to_owned(),
            None => error.instance_path.as_str().to_owned(),
        };
        let (code, pointer, message) = match &error.kind {
            ValidationErrorKind::Required { property } => (
                C::OccurenceConstraintViolation,
                at(property.as_str()),
                "required field is missing".to_owned(),
            ),
            ValidationErrorKind::MinItems { limit } => (
                C::OccurenceConstraintViolation,
                at(None),
                format!("has fewer than {limit} item{}", plural(*limit)),
            ),
            ValidationErrorKind::MaxItems { limit } => (
                C::OccurenceConstraintViolation,
                at(None),
                format!("has more than {limit} item{}", plural(*limit)),
            ),
            ValidationErrorKind::Type { kind } => (
                C::TypeConstraintViolation,
                at(None),
                format!("{} is not of type {}", excerpt(instance), type_names(kind)),
            ),
            ValidationErrorKind::Enum { options } => (
                C::PropertyConstraintViolation,
                at(None),
                format!("{} is not one of {}", excerpt(instance), allowed(options)),
            ),
            ValidationErrorKind::MaxLength { limit } => (
                C::PropertyConstraintViolation,
                at(None),
                format!("{} is longer than {limit} characters", excerpt(instance)),
            ),
            ValidationErrorKind::MinLength { limit } => (
                C::PropertyConstraintViolation,
                at(None),
                format!("{} is shorter than {limit} characters", excerpt(instance)),
            ),
            ValidationErrorKind::Format { format } => (
                C::PropertyConstraintViolation,
                at(None),
                match format.as_str() {
                    "date-time" => format!(
                        "{} is not an RFC 3339 date-time with a time zone (like 2026-11-24T10:00:00Z)",
                        excerpt(instance)
                    ),
                    other => format!("{} is not a valid {other}", excerpt(instance)),
                },
            ),
            ValidationErrorKind::Pattern { pattern } => (
                C::PropertyConstraintViolation,
                at(None),
                format!("{} does not match {pattern}", excerpt(instance)),
            ),
            ValidationErrorKind::MultipleOf { multiple_of } => (
                C::PropertyConstraintViolation,
                at(None),
                format!("{} is not a multiple of {multiple_of}", excerpt(instance)),
            ),
            ValidationErrorKind::Minimum { limit } | ValidationErrorKind::ExclusiveMinimum { limit } => (
                C::PropertyConstraintViolation,
                at(None),
                format!("{} is below the minimum {limit}", excerpt(instance)),
            ),
            ValidationErrorKind::Maximum { limit } | ValidationErrorKind::ExclusiveMaximum { limit } => (
                C::PropertyConstraintViolation,
                at(None),
                format!("{} is above the maximum {limit}", excerpt(instance)),
            ),
            ValidationErrorKind::AdditionalProperties { unexpected } => (
                C::FormationViolation,
                at(unexpected.first().map(String::as_str)),
                match unexpected.len() {
                    0 | 1 => "is not a field of this message".to_owned(),
                    n => format!("is not a field of this message ({} unknown fields here)", n),
                },
            ),
            _ => (C::FormationViolation, at(None), shorten(&error.to_string(), 160)),
        };
        Self { code, pointer, message }
    }

    fn code_rank(&self) -> u8 {
        match self.code {
            CallErrorCode::OccurenceConstraintViolation => 0,
            CallErrorCode::TypeConstraintViolation => 1,
            CallErrorCode::PropertyConstraintViolation => 2,
            _ => 3,
        }
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn type_names(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(t) => t.to_string(),
        TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(" or "),
    }
}

/// The allowed values of an `enum`, written out when short (StatusNotification's nine
/// statuses), counted when long (MeterValues' 22 measurands).
fn allowed(options: &Value) -> String {
    let text = options.to_string();
    match options {
        Value::Array(values) if text.len() > 200 => format!("the {} allowed values", values.len()),
        _ => text,
    }
}

/// The offending value as JSON, cut short so a 60 KB string does not come back in a CALLERROR.
fn excerpt(value: &Value) -> String {
    match value {
        Value::String(s) if s.chars().count() > 40 => {
            let head: String = s.chars().take(32).collect();
            format!("\"{head}…\" ({} characters)", s.chars().count())
        }
        Value::Array(items) => format!("an array of {} item{}", items.len(), plural(items.len() as u64)),
        Value::Object(_) => "an object".to_owned(),
        other => shorten(&other.to_string(), 48),
    }
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_owned()
    } else {
        let mut out: String = text.chars().take(max_chars).collect();
        out.push('…');
        out
    }
}

/// `multipleOf` in exact decimals: the number in serde_json's shortest round-trip form divided
/// by the schema's step leaves no remainder. With no `arbitrary_precision` in our builds a
/// number is the f64 serde_json reads from its text (the nearest one for up to 15 significant
/// digits), written back with the fewest digits that give that f64, so `21.4` stays `21.4`.
struct ExactMultipleOf {
    step: Option<Decimal>,
    step_f64: f64,
    schema_path: Location,
}

impl ExactMultipleOf {
    // The signature is jsonschema's keyword factory's; runs once per schema compile.
    #[allow(clippy::result_large_err)]
    fn factory<'a>(
        _parent: &'a Map<String, Value>,
        value: &'a Value,
        schema_path: Location,
    ) -> Result<Box<dyn Keyword>, ValidationError<'a>> {
        let Value::Number(step) = value else {
            return Err(ValidationError::custom(
                Location::new(),
                schema_path,
                value,
                "multipleOf must be a number",
            ));
        };
        Ok(Box::new(Self {
            step: decimal(step).filter(|d| !d.is_zero()),
            step_f64: step.as_f64().unwrap_or(f64::NAN),
            schema_path,
        }))
    }
}

fn decimal(n: &Number) -> Option<Decimal> {
    let text = n.to_string();
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(&text).ok()
    } else {
        Decimal::from_str_exact(&text).ok()
    }
}

impl Keyword for ExactMultipleOf {
    fn validate<'i>(&self, instance: &'i Value, location: &LazyLocation) -> Result<(), ValidationError<'i>> {
        if self.is_valid(instance) {
            return Ok(());
        }
        Err(ValidationError {
            instance: Cow::Borrowed(instance),
            kind: ValidationErrorKind::MultipleOf {
                multiple_of: self.step_f64,
            },
            instance_path: location.into(),
            schema_path: self.schema_path.clone(),
        })
    }

    fn is_valid(&self, instance: &Value) -> bool {
        let Value::Number(n) = instance else {
            return true;
        };
        match (decimal(n), self.step) {
            (Some(value), Some(step)) => (value % step).is_zero(),
            // Beyond 28 digits: only an integer can still be a multiple of a decimal step.
            (None, Some(_)) => n.as_f64().is_some_and(|f| f.fract() == 0.0),
            // A step we cannot read exactly (not in any OCPP 1.6 schema): float arithmetic.
            (_, None) => n.as_f64().is_some_and(|f| {
                self.step_f64 != 0.0 && ((f / self.step_f64).round() * self.step_f64 - f).abs() < 1e-9
            }),
        }
    }
}

#[cfg(test)]
mod examples;
#[cfg(test)]
mod generate;
#[cfg(test)]
mod tests;
