//! Fonts for sources in many scripts.
//!
//! egui's default font (Ubuntu Light) covers Latin, Greek and Cyrillic, and
//! its monochrome Noto Emoji covers emoji. Bundled fallbacks add Arabic
//! script (Urdu, Arabic, Persian), Hebrew, Devanagari, Chinese, Japanese and
//! Korean, and symbols (arrows, shapes, dingbats).
//! egui 0.37 shapes each run of one font with harfrust (so Arabic letters
//! join and marks attach) but lays out every line left to right: it has no
//! bidirectional reordering.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

/// The bundled fallback fonts, in the order they are tried.
const FALLBACKS: [(&str, &[u8]); 7] = [
    (
        "NotoNaskhArabic",
        include_bytes!("../../assets/fonts/NotoNaskhArabic-Regular.ttf"),
    ),
    (
        "NotoSansHebrew",
        include_bytes!("../../assets/fonts/NotoSansHebrew-Regular.ttf"),
    ),
    (
        "NotoSansDevanagari",
        include_bytes!("../../assets/fonts/NotoSansDevanagari-Regular.ttf"),
    ),
    (
        "DroidSansFallback",
        include_bytes!("../../assets/fonts/DroidSansFallback.ttf"),
    ),
    (
        "NotoSansSymbols",
        include_bytes!("../../assets/fonts/NotoSansSymbols-Regular.ttf"),
    ),
    (
        "NotoSansSymbols2",
        include_bytes!("../../assets/fonts/NotoSansSymbols2-Regular.ttf"),
    ),
    // Last: the emoji egui's Noto Emoji subset lacks (🙂, 😀, 🎉, 🔥).
    ("Symbola", include_bytes!("../../assets/fonts/Symbola.ttf")),
];

/// The family source texts are set in: Noto Serif, then every fallback.
pub fn source_family() -> FontFamily {
    FontFamily::Name("source".into())
}

/// egui's default fonts with the bundled fallbacks appended to every family,
/// and the source family.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    for (name, bytes) in FALLBACKS {
        fonts
            .font_data
            .insert(name.to_owned(), Arc::new(FontData::from_static(bytes)));
        for family in [FontFamily::Proportional, FontFamily::Monospace] {
            fonts
                .families
                .entry(family)
                .or_default()
                .push(name.to_owned());
        }
    }
    fonts.font_data.insert(
        "NotoSerif".to_owned(),
        Arc::new(FontData::from_static(include_bytes!(
            "../../assets/fonts/NotoSerif-Regular.ttf"
        ))),
    );
    let mut source = vec!["NotoSerif".to_owned()];
    source.extend(
        fonts
            .families
            .get(&FontFamily::Proportional)
            .cloned()
            .unwrap_or_default(),
    );
    fonts.families.insert(source_family(), source);
    fonts
}

/// Installs the fonts in a context.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::FontId;

    /// Sources in these scripts, and the symbols the app draws, render with
    /// real glyphs, not boxes. (How their glyphs map back to chars is the
    /// source view's business; see `source_view::layout`.)
    #[test]
    fn every_script_and_symbol_has_glyphs() {
        let ctx = egui::Context::default();
        install(&ctx);
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        let font = FontId::new(16.0, source_family());
        for text in [
            "Islamabad — «protesters» “said”",
            "Ελληνικά κείμενα",
            "Протестующие прорвались",
            "اسلام آباد میں مظاہرین نے کنٹینر ہٹا دیے",
            "العربية نص",
            "שלום עולם",
            "इस्लामाबाद में प्रदर्शन",
            "伊斯兰堡抗议 日本語 한국어",
            "Crowd 👍 cheered 🇵🇰",
            "Smiles 🙂 ☕ 😀 🎉 ❤ ✅ 🔥",
            "e\u{301}le\u{301}ve",
        ] {
            let covered = ctx.fonts_mut(|fonts| fonts.has_glyphs(&font, text));
            assert!(covered, "missing glyphs for {text:?}");
            let ui_font = FontId::proportional(14.0);
            let symbols = "✔ ✖ ℹ ✎ ✕ ▲ ▼ ⚠ ● ¶ “ ” …";
            assert!(ctx.fonts_mut(|fonts| fonts.has_glyphs(&ui_font, symbols)));
        }
    }
}
