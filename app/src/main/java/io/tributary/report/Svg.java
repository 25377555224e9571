package io.tributary.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The geometry of the report's charts, written as inline SVG (no script, no font, no network):
 * linear scales with "nice" ticks (1, 2 or 5 times a power of ten), labels cut to fit, and the
 * three charts the page draws: horizontal bars (values, rules, steps), a histogram (with lines at
 * the outlier bounds) and columns over time.
 */
public final class Svg {

    /** The style sheet of the charts (their colours, axes, bound markers), for the page that holds them. */
    public static final String STYLE = """
            svg.chart{max-width:100%;height:auto;font-size:11px;display:block;margin:6px 0}
            svg .bar rect,svg rect.bin,svg rect.period{fill:#3d7bd9}svg .rules .bar rect{fill:#d9823d}
            svg .steps .bar rect{fill:#6a9a4b}svg .axis line{stroke:#8a93a3}svg text{fill:#1d2430}
            svg .tick-label{fill:#5b6576}svg .marker line{stroke:#c0392b;stroke-dasharray:4 3;stroke-width:1.5}
            svg .marker text{fill:#c0392b;font-weight:600}
            """;

    private Svg() {
    }

    /** A linear scale of [min, max] onto [0, length] pixels, widened to nice ticks. */
    public record Scale(double min, double max, double length, List<Double> ticks) {

        /** A scale over the values' range with about {@code wanted} nice ticks; a constant or empty range gets room around it. */
        public static Scale of(double lo, double hi, double length, int wanted) {
            if (!(hi >= lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
                lo = 0;
                hi = 1;
            }
            if (hi == lo) {
                double pad = lo == 0 ? 1 : Math.abs(lo) * 0.5;
                lo -= pad;
                hi += pad;
            }
            double step = niceStep((hi - lo) / Math.max(1, wanted));
            double first = Math.floor(lo / step) * step;
            double last = Math.ceil(hi / step) * step;
            List<Double> ticks = new ArrayList<>();
            for (int i = 0; first + i * step <= last + step * 1e-9 && i <= 1000; i++) {
                ticks.add(clean(first + i * step, step));
            }
            return new Scale(first, last, length, List.copyOf(ticks));
        }

        /** Where a value falls, in pixels from the scale's start. */
        public double at(double value) {
            return max == min ? 0 : (value - min) / (max - min) * length;
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0) || !Double.isFinite(raw)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / power;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nice * power;
    }

    /** A tick without the float noise of its computation (0.30000000000000004 → 0.3). */
    private static double clean(double v, double step) {
        int digits = Math.max(0, (int) -Math.floor(Math.log10(step)) + 1);
        return BigDecimal.valueOf(v).setScale(Math.min(digits, 15), RoundingMode.HALF_UP).doubleValue();
    }

    /** A number as a label: plain digits below 10,000, else in k, M, G or T; at most 4 significant digits. */
    public static String number(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        String[] units = {"", "k", "M", "G", "T"};
        int unit = 0;
        if (a >= 10_000) {
            do {
                a /= 1000;
                v /= 1000;
                unit++;
            } while (a >= 1000 && unit < units.length - 1);
        }
        String digits = BigDecimal.valueOf(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        return digits + units[unit];
    }

    /** A label cut to {@code max} characters (code points), with an ellipsis when cut. */
    public static String fit(String label, int max) {
        if (label.codePointCount(0, label.length()) <= max) {
            return label;
        }
        return label.substring(0, label.offsetByCodePoints(0, Math.max(1, max - 1))) + "…";
    }

    /** Text for XML and HTML: &amp;, &lt;, &gt;, quotes; control characters (invalid in XML) as U+FFFD. */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    private static String px(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** One bar of a bar chart: its label, its value, and a tooltip. */
    public record Bar(String label, double value, String title) {
    }

    static final int LABEL_CHARS = 28;

    /**
     * Horizontal bars, one per row, labels on the left (cut to {@value #LABEL_CHARS} characters; the
     * whole label in the bar's tooltip), the value at the bar's end, a scale of nice ticks below.
     */
    public static String bars(String css, List<Bar> bars, String unit) {
        if (bars.isEmpty()) {
            return "<p class=\"empty\">no values</p>";
        }
        double width = 560;
        double labelWidth = 190;
        double plot = width - labelWidth - 60;
        double rowHeight = 18;
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
        Scale scale = Scale.of(0, Math.max(max, 0), plot, 4);
        double height = bars.size() * rowHeight + 28;
        StringBuilder svg = open(css, width, height);
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double y = i * rowHeight + 4;
            double w = Math.max(b.value() > 0 ? 1 : 0, scale.at(b.value()));
            svg.append("<g class=\"bar\"><title>").append(escape(b.title() == null ? b.label() + ": "
                    + number(b.value()) + unit : b.title())).append("</title>");
            svg.append("<text class=\"label\" x=\"").append(px(labelWidth - 6)).append("\" y=\"").append(px(y + 12))
                    .append("\" text-anchor=\"end\">").append(escape(fit(b.label(), LABEL_CHARS))).append("</text>");
            svg.append("<rect x=\"").append(px(labelWidth)).append("\" y=\"").append(px(y)).append("\" width=\"")
                    .append(px(w)).append("\" height=\"").append(px(rowHeight - 5)).append("\"/>");
            svg.append("<text class=\"value\" x=\"").append(px(labelWidth + w + 4)).append("\" y=\"").append(px(y + 12))
                    .append("\">").append(escape(number(b.value()) + unit)).append("</text></g>");
        }
        axis(svg, scale, labelWidth, bars.size() * rowHeight + 6, true);
        return svg.append("</svg>").toString();
    }

    /** An SVG element of this chart class and size, scaling down with the page (its viewBox). */
    private static StringBuilder open(String css, double width, double height) {
        return new StringBuilder().append("<svg class=\"chart ").append(css).append("\" role=\"img\" viewBox=\"0 0 ")
                .append(px(width)).append(' ').append(px(height)).append("\" width=\"").append(px(width))
                .append("\" height=\"").append(px(height)).append("\" xmlns=\"http://www.w3.org/2000/svg\">");
    }

    /** A horizontal axis at height y: a line and each tick's label. */
    private static void axis(StringBuilder svg, Scale scale, double x0, double y, boolean labels) {
        svg.append("<g class=\"axis\"><line x1=\"").append(px(x0)).append("\" y1=\"").append(px(y)).append("\" x2=\"")
                .append(px(x0 + scale.length())).append("\" y2=\"").append(px(y)).append("\"/>");
        if (labels) {
            for (double t : scale.ticks()) {
                double x = x0 + scale.at(t);
                svg.append("<line class=\"tick\" x1=\"").append(px(x)).append("\" y1=\"").append(px(y)).append("\" x2=\"")
                        .append(px(x)).append("\" y2=\"").append(px(y + 4)).append("\"/><text class=\"tick-label\" x=\"")
                        .append(px(x)).append("\" y=\"").append(px(y + 16)).append("\" text-anchor=\"middle\">")
                        .append(escape(number(t))).append("</text>");
            }
        }
        svg.append("</g>");
    }

    /** The labels of a vertical count scale whose 0 is at height {@code bottom}, right-aligned left of {@code left}. */
    private static void countLabels(StringBuilder svg, Scale y, double left, double bottom) {
        for (double t : y.ticks()) {
            svg.append("<text class=\"tick-label\" x=\"").append(px(left - 6)).append("\" y=\"")
                    .append(px(bottom - y.at(t) + 4)).append("\" text-anchor=\"end\">").append(escape(number(t)))
                    .append("</text>");
        }
    }

    /** A vertical line across the plot at a value, labelled (an outlier bound). */
    public record Marker(double value, String label) {
    }

    /**
     * A histogram: bin i covers [start + i·width, start + (i+1)·width); bar heights on a count scale,
     * values on a nice scale below, and a dashed line with its label at each marker (the outlier bounds).
     */
    public static String histogram(double start, double binWidth, long[] counts, List<Marker> markers) {
        if (counts.length == 0) {
            return "<p class=\"empty\">no values</p>";
        }
        double width = 560;
        double height = 190;
        double left = 50;
        double plotW = width - left - 20;
        double plotH = height - 60;
        double top = 20;
        double end = start + binWidth * counts.length;
        double lo = start;
        double hi = end;
        for (Marker m : markers) {
            if (Double.isFinite(m.value())) {
                lo = Math.min(lo, m.value());
                hi = Math.max(hi, m.value());
            }
        }
        Scale x = Scale.of(lo, hi, plotW, 6);
        long most = 0;
        for (long c : counts) {
            most = Math.max(most, c);
        }
        Scale y = Scale.of(0, most, plotH, 3);
        StringBuilder svg = open("histogram", width, height);
        countLabels(svg, y, left, top + plotH);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            double x0 = left + x.at(start + i * binWidth);
            double x1 = left + x.at(start + (i + 1) * binWidth);
            double h = Math.max(1, y.at(counts[i]));
            svg.append("<rect class=\"bin\" x=\"").append(px(x0)).append("\" y=\"").append(px(top + plotH - h))
                    .append("\" width=\"").append(px(Math.max(1, x1 - x0 - 0.5))).append("\" height=\"").append(px(h))
                    .append("\"><title>").append(escape("[" + number(start + i * binWidth) + ", "
                            + number(start + (i + 1) * binWidth) + "): " + counts[i])).append("</title></rect>");
        }
        axis(svg, x, left, top + plotH, true);
        for (Marker m : markers) {
            if (!Double.isFinite(m.value())) {
                continue;
            }
            double xx = left + x.at(m.value());
            svg.append("<g class=\"marker\" data-value=\"").append(m.value()).append("\"><line x1=\"").append(px(xx))
                    .append("\" y1=\"").append(px(top - 6)).append("\" x2=\"").append(px(xx)).append("\" y2=\"")
                    .append(px(top + plotH)).append("\"/><text x=\"").append(px(xx)).append("\" y=\"").append(px(top - 8))
                    .append("\" text-anchor=\"middle\">").append(escape(m.label())).append("</text></g>");
        }
        return svg.append("</svg>").toString();
    }

    /** Counts over time (days or months, in order) as columns, the first, middle and last labelled. */
    public static String timeline(List<String> labels, List<Long> counts) {
        if (labels.isEmpty()) {
            return "<p class=\"empty\">no values</p>";
        }
        double width = 560;
        double height = 170;
        double left = 50;
        double plotW = width - left - 20;
        double plotH = height - 50;
        double top = 10;
        long most = counts.stream().mapToLong(Long::longValue).max().orElse(0);
        Scale y = Scale.of(0, most, plotH, 3);
        double slot = plotW / labels.size();
        StringBuilder svg = open("timeline", width, height);
        countLabels(svg, y, left, top + plotH);
        for (int i = 0; i < labels.size(); i++) {
            double h = Math.max(counts.get(i) > 0 ? 1 : 0, y.at(counts.get(i)));
            svg.append("<rect class=\"period\" x=\"").append(px(left + i * slot)).append("\" y=\"")
                    .append(px(top + plotH - h)).append("\" width=\"").append(px(Math.max(1, slot - 1))).append("\" height=\"")
                    .append(px(h)).append("\"><title>").append(escape(labels.get(i) + ": " + counts.get(i)))
                    .append("</title></rect>");
        }
        svg.append("<g class=\"axis\"><line x1=\"").append(px(left)).append("\" y1=\"").append(px(top + plotH))
                .append("\" x2=\"").append(px(left + plotW)).append("\" y2=\"").append(px(top + plotH)).append("\"/>");
        java.util.SortedSet<Integer> shown = new java.util.TreeSet<>(List.of(0, labels.size() / 2, labels.size() - 1));
        for (int i : shown) {
            svg.append("<text class=\"tick-label\" x=\"").append(px(left + i * slot + slot / 2)).append("\" y=\"")
                    .append(px(top + plotH + 16)).append("\" text-anchor=\"middle\">").append(escape(labels.get(i)))
                    .append("</text>");
        }
        return svg.append("</g></svg>").toString();
    }
}
