//! Frame times of the source view against a plain `TextEdit` over the same
//! text: 5 KB and 5 MB sources, 10,000 quotes at 5 MB, in a 1280×800 window;
//! at 5 MB also with AccessKit on, as when a screen reader listens (the
//! accessibility tree is built only then).
//!
//! Each frame is timed from input to tessellated triangles (`Context::run_ui`
//! plus `Context::tessellate`), as the app would pay before painting. Three
//! situations: steady (no input), scrolling (a wheel event every frame) and
//! selecting (a drag that moves every frame).
//!
//! ```text
//! cargo bench --bench source_view
//! ```

use std::time::{Duration, Instant};

use attest::app::ui::source_view::SourceView;
use attest::model::{Claim, ClaimId, Evidence, Project, Quote, QuoteId, SourceId, Stance};
use attest::text::anchor::SourceText;
use egui::{Event, Modifiers, PointerButton, Pos2, Rect, pos2, vec2};

const SEEDS: [&str; 2] = [
    include_str!("../assets/seeds/000_2ad3952750dd1f93.txt"),
    include_str!("../assets/seeds/004_6dd02dcd122a951c.txt"),
];

/// Real article text repeated up to `bytes`, every paragraph made unique (as
/// in a book) so that no layout cache can reuse one paragraph for another.
fn text_of_size(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 8000);
    let mut copy = 0;
    while text.len() < bytes {
        copy += 1;
        for (s, seed) in SEEDS.iter().enumerate() {
            for (p, line) in seed.lines().enumerate() {
                text.push_str(&format!("[{copy}.{s}.{p}] {line}\n"));
            }
        }
    }
    let mut cut = bytes;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    text
}

/// A project with `quotes` quotes spread over the text, cited by claims of
/// ten quotes each with mixed stances (some quotes overlap).
fn project_with_quotes(text: &SourceText, quotes: usize) -> Project {
    let mut project = Project::new("bench");
    let source = SourceId::numbered(1);
    let len = text.char_len();
    let mut seed = 0x2545_f491_u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for n in 0..quotes {
        let start = (next() as usize) % len.saturating_sub(200).max(1);
        let end = (start + 30 + (next() as usize) % 90).min(len);
        project.quotes.push(Quote {
            unresolved: None,
            id: QuoteId::numbered(n as u32 + 1),
            source: source.clone(),
            start,
            end,
            text: text.slice(start..end).unwrap_or_default().to_owned(),
            prefix: String::new(),
            suffix: String::new(),
        });
    }
    let mut paragraph = Vec::new();
    for (c, chunk) in project.quotes.chunks(10).enumerate() {
        let mut claim = Claim::new(ClaimId::numbered(c as u32 + 1), format!("Claim {c}"));
        for (i, q) in chunk.iter().enumerate() {
            claim.evidence.push(Evidence {
                quote: q.id.clone(),
                stance: Stance::ALL[i % 3],
                note: String::new(),
            });
        }
        paragraph.push(claim);
    }
    project.paragraphs.push(paragraph);
    project
}

#[derive(Clone, Copy, PartialEq)]
enum Situation {
    Steady,
    Scrolling,
    Selecting,
}

struct Timings {
    first: Duration,
    frames: Vec<Duration>,
}

impl Timings {
    fn median_ms(&self) -> f64 {
        let mut sorted = self.frames.clone();
        sorted.sort();
        sorted[sorted.len() / 2].as_secs_f64() * 1e3
    }
    fn worst_ms(&self) -> f64 {
        self.frames
            .iter()
            .max()
            .map_or(0.0, |d| d.as_secs_f64() * 1e3)
    }
}

/// Runs `frames` frames of `draw` in a fresh context and times each; with
/// `accesskit`, as when a screen reader listens (the tree is built and
/// sent every frame).
fn measure(
    situation: Situation,
    frames: usize,
    accesskit: bool,
    mut draw: impl FnMut(&mut egui::Ui),
) -> Timings {
    let ctx = egui::Context::default();
    attest::app::fonts::install(&ctx);
    if accesskit {
        ctx.enable_accesskit();
    }
    let screen = Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0));
    let pointer = pos2(640.0, 300.0);
    let mut frame = |n: usize, events: Vec<Event>| {
        let input = egui::RawInput {
            screen_rect: Some(screen),
            time: Some(n as f64 / 60.0),
            events,
            ..Default::default()
        };
        let start = Instant::now();
        let mut output = ctx.run_ui(input, &mut draw);
        let primitives =
            ctx.tessellate(std::mem::take(&mut output.shapes), output.pixels_per_point);
        let elapsed = start.elapsed();
        output.textures_delta.clear();
        std::hint::black_box(primitives);
        elapsed
    };
    let first = frame(0, vec![Event::PointerMoved(pointer)]);
    for n in 1..4 {
        frame(n, vec![Event::PointerMoved(pointer)]);
    }
    if situation == Situation::Selecting {
        frame(
            4,
            vec![Event::PointerButton {
                pos: pointer,
                button: PointerButton::Primary,
                pressed: true,
                modifiers: Modifiers::NONE,
            }],
        );
    }
    let frames = (0..frames)
        .map(|i| {
            let n = i + 5;
            let events = match situation {
                Situation::Steady => Vec::new(),
                Situation::Scrolling => vec![Event::MouseWheel {
                    unit: egui::MouseWheelUnit::Point,
                    delta: vec2(0.0, -60.0),
                    phase: egui::TouchPhase::Move,
                    source: egui::MouseWheelSource::Unknown,
                    modifiers: Modifiers::NONE,
                }],
                Situation::Selecting => {
                    let y = 300.0 + 3.0 * (i % 120) as f32;
                    vec![Event::PointerMoved(pos2(400.0 + (i % 7) as f32 * 40.0, y))]
                }
            };
            frame(n, events)
        })
        .collect();
    Timings { first, frames }
}

fn attest_view(
    text: &SourceText,
    project: &Project,
    situation: Situation,
    frames: usize,
    accesskit: bool,
) -> Timings {
    let mut view = SourceView::new(
        SourceId::numbered(1),
        String::new(),
        text.clone(),
        Vec::new(),
    );
    measure(situation, frames, accesskit, move |ui| {
        egui::CentralPanel::default().show(ui, |ui| {
            view.ui(ui, project, 1, None, 16.0);
        });
    })
}

fn text_edit(text: &SourceText, situation: Situation, frames: usize) -> Timings {
    let text = text.shared();
    measure(situation, frames, false, move |ui| {
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                let mut s: &str = &text;
                ui.add(egui::TextEdit::multiline(&mut s).desired_width(f32::INFINITY));
            });
        });
    })
}

fn main() {
    // `cargo test --benches` runs benches with `--bench` absent: keep it short then.
    let quick = !std::env::args().any(|a| a == "--bench");
    let (frames, baseline_frames) = if quick { (5, 2) } else { (120, 15) };
    println!(
        "Source view frame times, release build, 1280×800, milliseconds per frame (median / worst)."
    );
    println!(
        "{frames} frames per situation ({baseline_frames} for the TextEdit baseline at 5 MB).\n"
    );
    println!(
        "{:<34} {:>9}  {:>15}  {:>15}  {:>15}",
        "view", "first", "steady", "scrolling", "selecting"
    );
    let small = SourceText::new(text_of_size(5 * 1024));
    let large = SourceText::new(text_of_size(5 * 1024 * 1024));
    let small_project = project_with_quotes(&small, 20);
    let large_project = project_with_quotes(&large, 10_000);
    type Case<'a> = (String, Box<dyn Fn(Situation) -> Timings + 'a>);
    let cases: Vec<Case> = vec![
        (
            "Attest source view, 5 KB".into(),
            Box::new(|s| attest_view(&small, &small_project, s, frames, false)),
        ),
        (
            "Attest source view, 5 MB, 10k quotes".into(),
            Box::new(|s| attest_view(&large, &large_project, s, frames, false)),
        ),
        (
            "  the same, screen reader on".into(),
            Box::new(|s| attest_view(&large, &large_project, s, frames, true)),
        ),
        (
            "TextEdit (baseline), 5 KB".into(),
            Box::new(|s| text_edit(&small, s, frames)),
        ),
        (
            "TextEdit (baseline), 5 MB".into(),
            Box::new(|s| text_edit(&large, s, baseline_frames)),
        ),
    ];
    for (name, run) in &cases {
        let results: Vec<Timings> = [
            Situation::Steady,
            Situation::Scrolling,
            Situation::Selecting,
        ]
        .into_iter()
        .map(run)
        .collect();
        let cell = |t: &Timings| format!("{:.2} / {:.2}", t.median_ms(), t.worst_ms());
        println!(
            "{:<34} {:>9.1}  {:>15}  {:>15}  {:>15}",
            name,
            results[0].first.as_secs_f64() * 1e3,
            cell(&results[0]),
            cell(&results[1]),
            cell(&results[2])
        );
    }
}
