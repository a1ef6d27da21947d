//! The service card and the SLA report as A4 PDFs (`crate::pdf::Sheet`, as the receipt and
//! the statements): what the JSON says, laid out as lines; times in the site's (or the
//! owner's) zone. A drawn signature is drawn under its name (flattened onto white).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use ladeklar_api::ServiceCard;
use ladeklar_core::field::sla_month::SlaMonthReport;
use ladeklar_core::field::visit_report::SIGNATURE_PREFIX;

use crate::pdf::{Sheet, RIGHT_MM};

/// The longest line of running text at 9 points.
const LINE_CHARS: usize = 95;

/// A drawn signature (`data:image/png;base64,…`) as RGB pixels on white paper; `None` when
/// it is not a PNG data URL that decodes (the sheet then names it only).
pub(crate) fn signature_picture(data_url: &str) -> Option<(u32, u32, Vec<u8>)> {
    use base64::Engine;
    let encoded = data_url.strip_prefix(SIGNATURE_PREFIX)?;
    let bytes = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let image = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png).ok()?;
    let rgba = image.to_rgba8();
    let (w, h) = rgba.dimensions();
    let mut rgb = Vec::with_capacity(w as usize * h as usize * 3);
    for pixel in rgba.pixels() {
        let [r, g, b, a] = pixel.0;
        let on_white = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        rgb.extend([on_white(r), on_white(g), on_white(b)]);
    }
    Some((w, h, rgb))
}

fn local(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// `text` in lines of at most `width` characters, broken at spaces (a longer word alone).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn paragraph(p: &mut Sheet, text: &str, size: f32) {
    for line in wrap(text, LINE_CHARS) {
        p.text(&line, size, false);
    }
}

/// A site's service card as PDF bytes; times in `tz` (the site's).
pub fn service_card_pdf(card: &ServiceCard, tz: Tz, now: DateTime<Utc>) -> anyhow::Result<Vec<u8>> {
    let title = format!("Service card: {}", card.site.name);
    let mut p = Sheet::new(&title)?;
    p.text("Ladeklar", 20.0, true);
    p.text(&title, 13.0, true);
    p.text(
        &format!("{}, {} - site {}", card.site.address, card.site.city, card.site.id),
        9.0,
        false,
    );
    p.text(&format!("Made {} ({tz})", local(now, tz)), 9.0, false);
    p.gap(4.0);
    p.text(&format!("Visits ({})", card.visits.len()), 12.0, true);
    if card.visits.is_empty() {
        p.text("No visits at this site.", 9.0, false);
    }
    for v in &card.visits {
        p.gap(1.5);
        p.row(
            &format!("Case #{} - work order {}", v.case_number, v.work_order_id),
            &v.state.replace('_', " "),
            10.0,
            true,
        );
        let technician = v.technician_email.as_deref().unwrap_or(&v.technician_id);
        p.text(
            &format!("Booked for {} - technician {technician}", local(v.starts_at, tz)),
            9.0,
            false,
        );
        if let Some(out) = v.checked_out_at {
            p.text(&format!("Checked out {}", local(out, tz)), 9.0, false);
        }
        if let Some(work) = &v.work_summary {
            paragraph(&mut p, &format!("Work: {work}"), 9.0);
        }
        if !v.parts_used.is_empty() {
            let parts: Vec<String> = v
                .parts_used
                .iter()
                .map(|q| format!("{} x {}", q.quantity, q.part))
                .collect();
            paragraph(&mut p, &format!("Parts: {}", parts.join(", ")), 9.0);
        }
        if let Some(verification) = &v.verification {
            paragraph(&mut p, &format!("Verified: {verification}"), 9.0);
        }
        if let Some(name) = &v.signed_off_by {
            let how = match v.sign_off_method.as_deref() {
                Some("customer_app") => "confirmed in the customer's app",
                _ => "drawn signature on file",
            };
            p.text(&format!("Signed off by {name} ({how})"), 9.0, false);
            if let Some((w, h, rgb)) = v.signature.as_deref().and_then(signature_picture) {
                p.picture(w, h, rgb, 60.0, 25.0);
            }
        }
        if !v.photos.is_empty() {
            p.text(&format!("Photos: {}", v.photos.len()), 9.0, false);
        }
        if v.kept_reports > 0 {
            p.text(&format!("Reports kept for 3rd line: {}", v.kept_reports), 9.0, false);
        }
    }
    p.gap(4.0);
    p.text(&format!("Cases ({})", card.cases.len()), 12.0, true);
    if card.cases.is_empty() {
        p.text("No cases at this site.", 9.0, false);
    }
    for c in &card.cases {
        p.columns(
            &[
                (20.0, &format!("#{}", c.number), false),
                (38.0, &local(c.opened_at, tz), false),
                (75.0, &c.category.replace('_', " "), false),
                (120.0, c.charger_id.as_deref().unwrap_or("-"), false),
                (RIGHT_MM, &c.state.replace('_', " "), true),
            ],
            8.0,
            false,
        );
    }
    p.gap(4.0);
    p.text("Parts used, totalled", 12.0, true);
    if card.parts.is_empty() {
        p.text("No parts used.", 9.0, false);
    }
    for q in &card.parts {
        p.row(&q.part, &q.quantity.to_string(), 9.0, false);
    }
    p.gap(4.0);
    p.text(&format!("Documents ({})", card.documents.len()), 12.0, true);
    for d in &card.documents {
        p.text(&format!("{} - {}", d.kind, d.title), 8.0, false);
    }
    p.finish()
}

fn minutes(m: Option<i64>) -> String {
    m.map_or_else(|| "-".to_owned(), |m| format!("{m} min"))
}

/// The month's SLA report as PDF bytes: `scope` names whose (an owner, a site, the
/// platform); times in `tz`.
pub fn sla_report_pdf(r: &SlaMonthReport, scope: &str, month: &str, tz: Tz) -> anyhow::Result<Vec<u8>> {
    let title = format!("SLA report {month}");
    let mut p = Sheet::new(&title)?;
    p.text("Ladeklar", 20.0, true);
    p.text(&title, 13.0, true);
    p.text(
        &format!("{scope} - {} to {} ({tz})", local(r.from, tz), local(r.to, tz)),
        9.0,
        false,
    );
    p.gap(4.0);
    let c = &r.cases;
    p.text("Cases", 12.0, true);
    for (name, value) in [
        ("Cases", c.cases.to_string()),
        ("Open", c.open.to_string()),
        ("Closed", c.closed.to_string()),
        ("Cancelled", c.cancelled.to_string()),
        ("Response, median", minutes(c.response_minutes.median)),
        ("Response, 90th percentile", minutes(c.response_minutes.p90)),
        ("Resolution, median", minutes(c.resolution_minutes.median)),
        ("Resolution, 90th percentile", minutes(c.resolution_minutes.p90)),
        ("Evaluated against the SLA", c.evaluated.to_string()),
        ("Within the SLA", c.within_sla.to_string()),
        (
            "Share within the SLA",
            c.share_within_sla_percent
                .map_or_else(|| "-".to_owned(), |s| format!("{s:.1} %")),
        ),
        ("Breaches", c.breaches.len().to_string()),
    ] {
        p.row(name, &value, 9.0, false);
    }
    p.gap(4.0);
    p.text("Breaches", 12.0, true);
    if c.breaches.is_empty() {
        p.text("No breaches.", 9.0, false);
    }
    for b in &c.breaches {
        let case: String = b.case_id.to_string().chars().take(8).collect();
        p.columns(
            &[
                (20.0, &case, false),
                (40.0, &b.priority.to_string(), false),
                (52.0, b.target.label(), false),
                (95.0, &local(b.deadline, tz), false),
                (RIGHT_MM, &format!("{} min late", b.late_minutes), true),
            ],
            8.0,
            false,
        );
    }
    p.gap(4.0);
    p.text("Uptime per charger", 12.0, true);
    if r.uptime.is_empty() {
        p.text("No chargers.", 9.0, false);
    }
    for u in &r.uptime {
        let percent = u
            .uptime_percent
            .map_or_else(|| "unknown".to_owned(), |v| format!("{v:.1} %"));
        p.columns(
            &[
                (20.0, &u.charger_id, false),
                (100.0, &format!("{} connectors", u.connectors), false),
                (140.0, &format!("down {} min", u.down_seconds / 60), false),
                (RIGHT_MM, &percent, true),
            ],
            8.0,
            false,
        );
    }
    p.finish()
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn running_text_wraps_at_spaces() {
        assert_eq!(wrap("one two three four", 9), ["one two", "three", "four"]);
        assert_eq!(wrap("  ", 9), Vec::<String>::new());
        assert_eq!(wrap("unbreakableword", 5), ["unbreakableword"]);
    }
}

#[cfg(test)]
mod signature_tests {
    use super::*;
    use base64::Engine;

    fn png(pixels: &[[u8; 4]], width: u32) -> String {
        let image = image::RgbaImage::from_raw(width, pixels.len() as u32 / width, pixels.concat()).unwrap();
        let mut bytes = std::io::Cursor::new(Vec::new());
        image.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
        format!(
            "{SIGNATURE_PREFIX}{}",
            base64::engine::general_purpose::STANDARD.encode(bytes.into_inner())
        )
    }

    #[test]
    fn a_signature_is_ink_on_white_paper() {
        // Ink, a transparent pixel, half-transparent ink.
        let url = png(&[[0, 0, 0, 255], [0, 0, 0, 0], [0, 0, 0, 128]], 3);
        let (w, h, rgb) = signature_picture(&url).unwrap();
        assert_eq!((w, h), (3, 1));
        assert_eq!(rgb, [0, 0, 0, 255, 255, 255, 127, 127, 127]);
    }

    #[test]
    fn a_one_pixel_signature_is_drawn() {
        let url = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAX+XDSwAAAABJRU5ErkJggg==";
        assert_eq!(signature_picture(url), Some((1, 1, vec![0, 0, 0])), "one pixel of ink");
        // The same with its pixels' checksum broken: not a PNG any more.
        let broken = url.replace("X+XDSw", "cCBlCw");
        assert_eq!(signature_picture(&broken), None);
    }

    #[test]
    fn what_is_not_a_png_data_url_is_not_drawn() {
        assert_eq!(signature_picture("data:image/jpeg;base64,/9j/4AAQ"), None);
        assert_eq!(signature_picture("data:image/png;base64,not base64!"), None);
        assert_eq!(signature_picture("data:image/png;base64,aGVsbG8="), None);
    }
}
