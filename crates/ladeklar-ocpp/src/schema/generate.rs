//! Random payloads that are valid against a schema, written by walking the schema itself:
//! every `required` field, any subset of the optional ones, any value of an `enum`, strings up
//! to `maxLength` (any Unicode, not only ASCII), RFC 3339 date-times in UTC and with offsets,
//! integers in 32 bits, numbers in tenths.

use proptest::prelude::*;
use serde_json::{Map, Value};

pub(super) fn valid(schema: &Value) -> BoxedStrategy<Value> {
    walk(&inline_refs(schema))
}

/// The schema with every `{"$ref": "#/definitions/X"}` replaced by that definition (the
/// security extension's files keep their enums and objects in `definitions`).
pub(super) fn inline_refs(schema: &Value) -> Value {
    fn go(value: &Value, definitions: &Value) -> Value {
        match value {
            Value::Object(map) => {
                if let Some(name) = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/definitions/"))
                {
                    return go(&definitions[name], definitions);
                }
                Value::Object(map.iter().map(|(k, v)| (k.clone(), go(v, definitions))).collect())
            }
            Value::Array(items) => Value::Array(items.iter().map(|v| go(v, definitions)).collect()),
            other => other.clone(),
        }
    }
    go(schema, &schema["definitions"])
}

fn walk(schema: &Value) -> BoxedStrategy<Value> {
    if let Some(options) = schema["enum"].as_array() {
        return proptest::sample::select(options.clone()).boxed();
    }
    match schema["type"].as_str() {
        Some("object") => object(schema),
        Some("array") => {
            let min = schema["minItems"].as_u64().unwrap_or(0) as usize;
            proptest::collection::vec(walk(&schema["items"]), min..min + 4)
                .prop_map(Value::Array)
                .boxed()
        }
        Some("string") => match schema["format"].as_str() {
            Some("date-time") => date_time(),
            Some("uri") => proptest::sample::select(vec![
                "ftp://diag:secret@diagnostics.ladeklar.no/uploads/",
                "https://firmware.ladeklar.no/zaptec/go/2.4.0.bin",
                "sftp://10.0.0.7:2222/logs",
            ])
            .prop_map(|s| Value::String(s.to_owned()))
            .boxed(),
            _ => {
                let max = schema["maxLength"].as_u64().unwrap_or(64);
                proptest::string::string_regex(&format!("\\PC{{0,{max}}}"))
                    .expect("a regex")
                    .prop_map(Value::String)
                    .boxed()
            }
        },
        Some("integer") => (0..=i64::from(i32::MAX)).prop_map(Value::from).boxed(),
        Some("number") => (-1_000_000i64..1_000_000)
            .prop_map(|tenths| {
                let text = format!(
                    "{}{}.{}",
                    if tenths < 0 { "-" } else { "" },
                    tenths.abs() / 10,
                    tenths.abs() % 10
                );
                serde_json::from_str(&text).expect("a number")
            })
            .boxed(),
        Some("boolean") => any::<bool>().prop_map(Value::Bool).boxed(),
        other => panic!("no generator for type {other:?}"),
    }
}

fn object(schema: &Value) -> BoxedStrategy<Value> {
    let required: Vec<&str> = schema["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = schema["properties"]
        .as_object()
        .map(|p| {
            p.iter()
                .map(|(name, sub)| {
                    let is_required = required.contains(&name.as_str());
                    let name = name.clone();
                    let value = walk(sub).prop_map(move |v| (name.clone(), v));
                    if is_required {
                        value.prop_map(Some).boxed()
                    } else {
                        proptest::option::of(value).boxed()
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    fields
        .prop_map(|fields| Value::Object(fields.into_iter().flatten().collect::<Map<_, _>>()))
        .boxed()
}

fn date_time() -> BoxedStrategy<Value> {
    (
        2000u32..2100,
        1u32..=12,
        1u32..=28,
        0u32..24,
        0u32..60,
        0u32..60,
        proptest::option::of(0u32..1000),
        proptest::option::of((-12i32..=14, proptest::sample::select(vec![0u32, 30, 45]))),
    )
        .prop_map(|(y, mo, d, h, mi, s, millis, offset)| {
            let mut t = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
            if let Some(ms) = millis {
                t.push_str(&format!(".{ms:03}"));
            }
            match offset {
                None => t.push('Z'),
                Some((oh, om)) => t.push_str(&format!("{}{:02}:{om:02}", if oh < 0 { '-' } else { '+' }, oh.abs())),
            }
            Value::String(t)
        })
        .boxed()
}
