//! A4 documents of text lines, columns of amounts and pictures (printpdf, the standard
//! Helvetica fonts): the receipt, the owners' statements and the service card are written
//! with it. Lines go top to bottom; a line or picture that would fall into the bottom margin
//! starts a new page.

use std::io::BufWriter;

use printpdf::{
    BuiltinFont, ColorBits, ColorSpace, Image, ImageTransform, ImageXObject, IndirectFontRef, Mm, PdfDocument,
    PdfDocumentReference, PdfLayerReference, Px,
};

const WIDTH_MM: f32 = 210.0;
const HEIGHT_MM: f32 = 297.0;
const TOP_MM: f32 = 272.0;
const BOTTOM_MM: f32 = 20.0;
const LEFT_MM: f32 = 20.0;
/// The right margin amounts are aligned to.
pub const RIGHT_MM: f32 = 190.0;

/// A document being written.
pub struct Sheet {
    doc: PdfDocumentReference,
    layer: PdfLayerReference,
    regular: IndirectFontRef,
    bold: IndirectFontRef,
    y: f32,
    pages: usize,
}

/// The width of `text` at `size` points in millimetres (Helvetica digits are all 0.556 em
/// wide: close enough to align columns of amounts).
fn width_mm(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * 0.556 * 0.3528
}

impl Sheet {
    pub fn new(title: &str) -> anyhow::Result<Self> {
        let (doc, page, layer) = PdfDocument::new(title, Mm(WIDTH_MM), Mm(HEIGHT_MM), "page 1");
        let layer = doc.get_page(page).get_layer(layer);
        let regular = doc.add_builtin_font(BuiltinFont::Helvetica)?;
        let bold = doc.add_builtin_font(BuiltinFont::HelveticaBold)?;
        Ok(Self {
            doc,
            layer,
            regular,
            bold,
            y: TOP_MM,
            pages: 1,
        })
    }

    fn font(&self, bold: bool) -> &IndirectFontRef {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }

    /// Room for a line of `size` points, on a new page if this one is full.
    fn room(&mut self, size: f32) {
        self.room_mm(size * 0.5);
    }

    /// Room for `height` millimetres, on a new page if this one is full.
    fn room_mm(&mut self, height: f32) {
        if self.y - height < BOTTOM_MM {
            self.pages += 1;
            let (page, layer) = self
                .doc
                .add_page(Mm(WIDTH_MM), Mm(HEIGHT_MM), format!("page {}", self.pages));
            self.layer = self.doc.get_page(page).get_layer(layer);
            self.y = TOP_MM;
        }
    }

    pub fn text(&mut self, text: &str, size: f32, bold: bool) {
        self.room(size);
        self.layer
            .use_text(text, size, Mm(LEFT_MM), Mm(self.y), self.font(bold));
        self.y -= size * 0.5 + 1.5;
    }

    /// Text on the left, `right` right-aligned at the right margin.
    pub fn row(&mut self, left: &str, right: &str, size: f32, bold: bool) {
        self.columns(&[(LEFT_MM, left, false), (RIGHT_MM, right, true)], size, bold);
    }

    /// One line of columns: each `(x, text, right_aligned)`, a right-aligned one ending at `x`.
    pub fn columns(&mut self, columns: &[(f32, &str, bool)], size: f32, bold: bool) {
        self.room(size);
        for &(x, text, right) in columns {
            let x = if right { x - width_mm(text, size) } else { x };
            self.layer.use_text(text, size, Mm(x), Mm(self.y), self.font(bold));
        }
        self.y -= size * 0.5 + 1.5;
    }

    /// An RGB picture (8 bits a channel, rows top to bottom) at the left margin, at most
    /// `max_width` and `max_height` millimetres, its proportions kept.
    pub fn picture(&mut self, width_px: u32, height_px: u32, rgb: Vec<u8>, max_width: f32, max_height: f32) {
        if width_px == 0 || height_px == 0 || rgb.len() != width_px as usize * height_px as usize * 3 {
            return;
        }
        let (w, h) = (width_px as f32, height_px as f32);
        let width = max_width.min(max_height * w / h);
        let height = width * h / w;
        self.room_mm(height);
        let image = Image::from(ImageXObject {
            width: Px(width_px as usize),
            height: Px(height_px as usize),
            color_space: ColorSpace::Rgb,
            bits_per_component: ColorBits::Bit8,
            interpolate: true,
            image_data: rgb,
            image_filter: None,
            smask: None,
            clipping_bbox: None,
        });
        image.add_to_layer(
            self.layer.clone(),
            ImageTransform {
                translate_x: Some(Mm(LEFT_MM)),
                translate_y: Some(Mm(self.y - height)),
                // Pixels per inch that make the picture `width` wide.
                dpi: Some(w * 25.4 / width),
                ..Default::default()
            },
        );
        self.y -= height + 2.0;
    }

    pub fn gap(&mut self, mm: f32) {
        self.y -= mm;
    }

    pub fn finish(self) -> anyhow::Result<Vec<u8>> {
        let mut out = BufWriter::new(Vec::new());
        self.doc.save(&mut out)?;
        Ok(out.into_inner()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_lands_in_the_document_as_an_image() {
        let mut sheet = Sheet::new("t").unwrap();
        sheet.text("above", 9.0, false);
        sheet.picture(2, 1, vec![0, 0, 0, 255, 255, 255], 60.0, 25.0);
        let bytes = sheet.finish().unwrap();
        let doc = printpdf::lopdf::Document::load_mem(&bytes).unwrap();
        let images = doc
            .objects
            .values()
            .filter(|o| {
                o.as_stream()
                    .ok()
                    .and_then(|s| s.dict.get(b"Subtype").ok())
                    .and_then(|t| t.as_name().ok())
                    == Some(b"Image".as_slice())
            })
            .count();
        assert_eq!(
            images,
            1,
            "{}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(3000)])
        );
    }
}
