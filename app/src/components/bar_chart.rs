//! Bar charts drawn by the app as inline SVG (staff build): bars side by side, each a stack
//! of coloured segments scaled to the tallest bar (or a given top), an axis line, a legend.
//! The owner's revenue per day and the SLA report's times and uptime use it.

use leptos::prelude::*;

/// Colours for series, in order (a series keeps its colour across charts).
pub const PALETTE: [&str; 6] = ["#1f6f5c", "#d08c1f", "#3b5bdb", "#b83280", "#6b7280", "#0e7490"];

/// One segment of a bar: its value, colour and what a pointer over it reads.
pub struct Segment {
    pub value: f64,
    pub colour: &'static str,
    pub title: Signal<String>,
}

/// What a chart is: its CSS class and test ids, what it says to a screen reader.
pub struct ChartFrame {
    pub class: &'static str,
    pub testid: &'static str,
    pub bar_testid: &'static str,
    pub label: Signal<String>,
}

const WIDTH: f64 = 300.0;
const HEIGHT: f64 = 100.0;
const GAP: f64 = 2.0;

/// The bars of `stacks` (one per slot along the axis; an empty stack leaves its slot empty),
/// scaled so `top` (or the tallest stack) reaches the top. Nothing positive: the axis alone.
pub fn bars(frame: ChartFrame, stacks: Vec<Vec<Segment>>, top: Option<f64>) -> AnyView {
    let tallest = stacks
        .iter()
        .map(|s| s.iter().map(|g| g.value.max(0.0)).sum::<f64>())
        .fold(0.0_f64, f64::max);
    let top = top.unwrap_or(tallest);
    let ChartFrame {
        class,
        testid,
        bar_testid,
        label,
    } = frame;
    if tallest <= 0.0 || top <= 0.0 || stacks.is_empty() {
        return view! {
            <svg class=class data-testid=testid viewBox="0 0 300 100" role="img" aria-label=move || label.get()>
                <line x1="0" y1="99" x2="300" y2="99" class="chart-axis" />
            </svg>
        }
        .into_any();
    }
    let slot = WIDTH / stacks.len() as f64;
    let mut rects = Vec::new();
    for (i, stack) in stacks.into_iter().enumerate() {
        let mut y = HEIGHT;
        for segment in stack {
            if segment.value <= 0.0 {
                continue;
            }
            let h = segment.value / top * (HEIGHT - 4.0);
            y -= h;
            let title = segment.title;
            rects.push(view! {
                <rect
                    x=format!("{:.2}", i as f64 * slot + GAP / 2.0)
                    y=format!("{y:.2}")
                    width=format!("{:.2}", (slot - GAP).max(0.5))
                    height=format!("{h:.2}")
                    fill=segment.colour
                    data-testid=bar_testid
                >
                    <title>{move || title.get()}</title>
                </rect>
            });
        }
    }
    view! {
        <svg class=class data-testid=testid viewBox="0 0 300 100" preserveAspectRatio="none" role="img"
            aria-label=move || label.get()>
            {rects}
            <line x1="0" y1="99.5" x2="300" y2="99.5" class="chart-axis" />
        </svg>
    }
    .into_any()
}

/// The series' names with their colours.
pub fn legend(items: Vec<(Signal<String>, &'static str)>) -> AnyView {
    let items = items
        .into_iter()
        .map(|(name, colour)| {
            view! {
                <li>
                    <span class="legend-swatch" style=format!("background:{colour}")></span>
                    {move || name.get()}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="chart-legend">{items}</ul> }.into_any()
}
