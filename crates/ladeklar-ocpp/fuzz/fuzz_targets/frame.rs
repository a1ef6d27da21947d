//! Any text as an OCPP-J frame: `Frame::parse` never panics, and a frame it accepts
//! survives a round trip through its own text.
#![no_main]

use ladeklar_ocpp::Frame;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(frame) = Frame::parse(text) {
        let again = Frame::parse(&frame.to_text()).expect("a parsed frame's text parses");
        assert_eq!(again, frame);
    }
});
