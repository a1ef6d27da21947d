//! A statement or credit note as CSV (RFC 4180, CRLF): one row per session, amounts in major
//! units with a point, as issued.

use ladeklar_api::StatementView;

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

pub fn to_csv(v: &StatementView) -> String {
    let mut out = String::from(
        "number,kind,month,date,site,charger,session,energy_kwh,excl_vat,vat,incl_vat,platform_fee,payout,currency,credits_statement\r\n",
    );
    for l in &v.lines {
        let row = [
            v.summary.number.to_string(),
            v.summary.kind.clone(),
            v.summary.month.clone(),
            l.date.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            field(&l.site_name),
            field(&l.charger_id),
            l.session_id.clone(),
            l.energy_kwh.round_dp(3).to_string(),
            format!("{:.2}", l.excl_vat),
            format!("{:.2}", l.vat),
            format!("{:.2}", l.incl_vat),
            format!("{:.2}", l.platform_fee),
            format!("{:.2}", l.payout),
            v.summary.currency.clone(),
            l.credits_statement.map(|n| n.to_string()).unwrap_or_default(),
        ];
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}
