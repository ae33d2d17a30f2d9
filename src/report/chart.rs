//! 30-day price charts with plotters: SVG for the archive (inline in the page),
//! PNG for mail (clients strip SVG). Text is drawn with DejaVu Sans, compiled in.

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

use super::ReportError;
use super::format::number;
use crate::store::PriceSeries;

/// Chart size in pixels: fits the mail's 600 px column.
pub const WIDTH: u32 = 560;
pub const HEIGHT: u32 = 220;

const LINE: RGBColor = RGBColor(181, 101, 29);
const GRID: RGBColor = RGBColor(232, 228, 220);

/// Registers DejaVu Sans as `sans-serif`, once: plotters measures text with
/// it for SVG as well as PNG.
fn fonts() -> Result<(), ReportError> {
    static FONT: OnceLock<bool> = OnceLock::new();
    let ok = *FONT.get_or_init(|| {
        plotters::style::register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular())
            .is_ok()
    });
    ok.then_some(())
        .ok_or_else(|| ReportError::Chart("the compiled-in DejaVu Sans font did not load".into()))
}

fn chart_err<E: std::fmt::Display>(e: E) -> ReportError {
    ReportError::Chart(e.to_string())
}

/// The chart of `series` as an SVG document.
pub fn svg(series: &PriceSeries, title: &str) -> Result<String, ReportError> {
    fonts()?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, series, title)?;
        root.present().map_err(chart_err)?;
    }
    Ok(out)
}

/// The chart of `series` as a PNG image.
pub fn png(series: &PriceSeries, title: &str) -> Result<Vec<u8>, ReportError> {
    fonts()?;
    let (w, h) = (WIDTH as usize, HEIGHT as usize);
    let mut rgb = vec![255u8; w * h * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, series, title)?;
        root.present().map_err(chart_err)?;
    }
    let mut out = Vec::new();
    {
        let mut enc = ::png::Encoder::new(&mut out, WIDTH, HEIGHT);
        enc.set_color(::png::ColorType::Rgb);
        enc.set_depth(::png::BitDepth::Eight);
        // fdeflate: about 10x faster than `Best` for a few KB more per chart
        enc.set_compression(::png::Compression::Fast);
        let mut writer = enc.write_header().map_err(chart_err)?;
        writer.write_image_data(&rgb).map_err(chart_err)?;
    }
    Ok(out)
}

/// Value axis bounds: the data's range with a margin (a flat series gets one too).
fn bounds(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !lo.is_finite() || !hi.is_finite() {
        return None;
    }
    let pad = ((hi - lo) * 0.1).max(hi.abs() * 0.005).max(1e-6);
    Some((lo - pad, hi + pad))
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    series: &PriceSeries,
    title: &str,
) -> Result<(), ReportError> {
    root.fill(&WHITE).map_err(chart_err)?;
    let first = series
        .points
        .first()
        .map(|p| p.0)
        .ok_or_else(|| ReportError::Chart(format!("no prices to chart for {title}")))?;
    let points: Vec<(i64, f64)> = series
        .points
        .iter()
        .filter(|p| p.1.is_finite())
        .map(|(d, v)| ((*d - first).num_days(), *v))
        .collect();
    let span = points.last().map_or(1, |p| p.0.max(1));
    let (lo, hi) = bounds(points.iter().map(|p| p.1))
        .ok_or_else(|| ReportError::Chart(format!("no finite prices to chart for {title}")))?;
    let mut chart = ChartBuilder::on(root)
        .caption(title, ("sans-serif", 15))
        .margin(8)
        .x_label_area_size(24)
        .y_label_area_size(64)
        .build_cartesian_2d(0i64..span, lo..hi)
        .map_err(chart_err)?;
    let day_label = |x: &i64| {
        (first + chrono::Days::new(u64::try_from(*x).unwrap_or(0)))
            .format("%-d %b")
            .to_string()
    };
    chart
        .configure_mesh()
        .x_labels(6)
        .y_labels(5)
        .x_label_formatter(&day_label)
        .y_label_formatter(&|y| number((y * 100.0).round() / 100.0))
        .light_line_style(GRID)
        .bold_line_style(GRID)
        .label_style(("sans-serif", 11))
        .draw()
        .map_err(chart_err)?;
    chart
        .draw_series(LineSeries::new(
            points.iter().copied(),
            LINE.stroke_width(2),
        ))
        .map_err(chart_err)?;
    chart
        .draw_series(points.iter().map(|p| Circle::new(*p, 3, LINE.filled())))
        .map_err(chart_err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn series() -> PriceSeries {
        let d = |n| NaiveDate::from_ymd_opt(2026, 1, n).expect("date");
        PriceSeries {
            commodity: "copper".into(),
            label: "copper LME".into(),
            unit: "USD/t".into(),
            points: vec![(d(2), 12800.0), (d(5), 12950.0), (d(6), 13387.5)],
        }
    }

    #[test]
    fn svg_and_png_draw() {
        let s = svg(&series(), "Copper <LME>, USD/t").expect("svg");
        assert!(s.starts_with("<svg"), "{}", &s[..40.min(s.len())]);
        assert!(s.contains("Copper &lt;LME&gt;"), "title escaped");
        assert!(s.contains("6 Jan") || s.contains("5 Jan"), "date labels");
        let p = png(&series(), "Copper").expect("png");
        assert_eq!(&p[..8], b"\x89PNG\r\n\x1a\n");
        assert!(p.len() > 2_000, "something was drawn ({} bytes)", p.len());
    }

    #[test]
    fn empty_series_is_an_error() {
        let mut s = series();
        s.points.clear();
        assert!(svg(&s, "x").is_err());
    }
}
