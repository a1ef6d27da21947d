//! The customer's signature drawn on a `<canvas>` with pointer events (mouse, touch, pen),
//! a Clear button, and the drawing as a PNG data URL (`data:image/png;base64,…`, what the
//! visit report takes) in `data` after each stroke; empty when nothing is drawn.

use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::use_i18n;

fn context(canvas: &web_sys::HtmlCanvasElement) -> Option<web_sys::CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
}

#[component]
pub fn SignaturePad(data: RwSignal<String>, #[prop(into)] disabled: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let canvas: NodeRef<Canvas> = NodeRef::new();
    let drawing = StoredValue::new(false);
    // The canvas draws at its shown size (one canvas pixel a CSS pixel: a small PNG).
    Effect::new(move |_| {
        if let Some(c) = canvas.get() {
            let width = c.client_width().max(200) as u32;
            c.set_width(width);
            c.set_height(180);
            if let Some(ctx) = context(&c) {
                ctx.set_line_width(2.5);
                ctx.set_line_cap("round");
                ctx.set_line_join("round");
                ctx.set_stroke_style_str("#111");
            }
        }
    });
    // The pointer in the canvas's own pixels (its shown size may have changed since).
    let point = |c: &web_sys::HtmlCanvasElement, ev: &web_sys::PointerEvent| {
        let sx = f64::from(c.width()) / f64::from(c.client_width().max(1));
        let sy = f64::from(c.height()) / f64::from(c.client_height().max(1));
        (f64::from(ev.offset_x()) * sx, f64::from(ev.offset_y()) * sy)
    };
    let down = move |ev: web_sys::PointerEvent| {
        if disabled.get_untracked() {
            return;
        }
        let Some(c) = canvas.get_untracked() else { return };
        ev.prevent_default();
        let _ = c.set_pointer_capture(ev.pointer_id());
        drawing.set_value(true);
        if let Some(ctx) = context(&c) {
            let (x, y) = point(&c, &ev);
            ctx.begin_path();
            ctx.move_to(x, y);
            // A dot for a tap.
            ctx.line_to(x + 0.1, y + 0.1);
            ctx.stroke();
        }
    };
    let moved = move |ev: web_sys::PointerEvent| {
        if !drawing.get_value() {
            return;
        }
        let Some(c) = canvas.get_untracked() else { return };
        ev.prevent_default();
        if let Some(ctx) = context(&c) {
            let (x, y) = point(&c, &ev);
            ctx.line_to(x, y);
            ctx.stroke();
        }
    };
    let up = move |_: web_sys::PointerEvent| {
        if !drawing.get_value() {
            return;
        }
        drawing.set_value(false);
        if let Some(c) = canvas.get_untracked() {
            if let Ok(url) = c.to_data_url_with_type("image/png") {
                data.set(url);
            }
        }
    };
    let clear = move |_| {
        if let Some(c) = canvas.get_untracked() {
            if let Some(ctx) = context(&c) {
                ctx.clear_rect(0.0, 0.0, f64::from(c.width()), f64::from(c.height()));
            }
        }
        data.set(String::new());
    };
    view! {
        <div class="signature">
            <canvas
                node_ref=canvas
                class="signature-pad"
                data-testid="signature-pad"
                role="img"
                aria-label=move || i18n.fv().signature
                on:pointerdown=down
                on:pointermove=moved
                on:pointerup=up
                on:pointercancel=up
            ></canvas>
            <button type="button" class="button button-small" data-testid="signature-clear" on:click=clear
                disabled=move || disabled.get()>{move || i18n.fv().clear}</button>
        </div>
    }
}
