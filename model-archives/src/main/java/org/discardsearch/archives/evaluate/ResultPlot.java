package org.discardsearch.archives.evaluate;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws a test report as a PNG with two panels, with java.awt alone (headless): top-1 accuracy against the budget
 * for every search (no early exit, no flip), and top-1 accuracy against the wall time per image for every method,
 * the baselines included. Dashed horizontal lines mark the plain model and flip TTA.
 */
public final class ResultPlot {

    private static final int WIDTH = 1500;
    private static final int HEIGHT = 640;
    private static final int MARGIN_LEFT = 70;
    private static final int MARGIN_RIGHT = 20;
    private static final int MARGIN_TOP = 40;
    private static final int MARGIN_BOTTOM = 190;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    private ResultPlot() {}

    /**
     * Writes the plot.
     *
     * @param report a test report
     * @param file the PNG file, replaced
     * @throws IOException if it cannot be written
     */
    public static void write(EvaluationReport report, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

        MethodResult vanilla = find(report, Method.Family.VANILLA, 1);
        MethodResult flip = find(report, Method.Family.FLIP_TTA, 2);
        Map<String, List<MethodResult>> searches = new LinkedHashMap<>();
        for (MethodResult r : report.methods()) {
            if (r.family() == Method.Family.SEARCH && r.earlyExitEntropy() == 0 && !r.flip()) {
                searches.computeIfAbsent(specName(r), k -> new ArrayList<>()).add(r);
            }
        }
        List<MethodResult> shifts = report.methods().stream().filter(r -> r.family() == Method.Family.SHIFT_TTA)
                .toList();
        double low = Double.MAX_VALUE;
        double high = -Double.MAX_VALUE;
        for (MethodResult r : report.methods()) {
            low = Math.min(low, r.accuracy());
            high = Math.max(high, r.accuracy());
        }
        double pad = Math.max(0.002, (high - low) * 0.08);
        Range y = new Range(100 * (low - pad), 100 * (high + pad), false);

        int panelWidth = (WIDTH - 2 * (MARGIN_LEFT + MARGIN_RIGHT)) / 2;
        Panel left = new Panel(g, MARGIN_LEFT, MARGIN_TOP, panelWidth, HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
                new Range(1, 32, true), y);
        left.axes("budget B (states per image)", "Top-1 (%) against budget (" + report.split() + ", "
                + report.images() + " images)", report.budgets().stream().mapToDouble(Integer::doubleValue).toArray());
        left.hline(100 * vanilla.accuracy(), Color.GRAY, "vanilla");
        if (flip != null) {
            left.hline(100 * flip.accuracy(), new Color(0x555555), "flip TTA");
        }
        int c = 0;
        List<String> legend = new ArrayList<>();
        List<Color> colors = new ArrayList<>();
        for (Map.Entry<String, List<MethodResult>> entry : searches.entrySet()) {
            Color color = PALETTE[c++ % PALETTE.length];
            List<double[]> points = new ArrayList<>();
            points.add(new double[] {1, 100 * vanilla.accuracy()});
            entry.getValue().forEach(r -> points.add(new double[] {r.budget(), 100 * r.accuracy()}));
            left.line(points, color, false);
            legend.add(entry.getKey());
            colors.add(color);
        }

        double minCost = Double.MAX_VALUE;
        double maxCost = 0;
        ToDoubleFunction<MethodResult> cost = r -> Double.isNaN(r.msPerImage()) ? r.callsPerImage() : r.msPerImage();
        for (MethodResult r : report.methods()) {
            minCost = Math.min(minCost, cost.applyAsDouble(r));
            maxCost = Math.max(maxCost, cost.applyAsDouble(r));
        }
        boolean timed = !Double.isNaN(vanilla.msPerImage());
        Panel right = new Panel(g, 2 * MARGIN_LEFT + MARGIN_RIGHT + panelWidth, MARGIN_TOP, panelWidth,
                HEIGHT - MARGIN_TOP - MARGIN_BOTTOM, new Range(minCost / 1.3, maxCost * 1.3, true), y);
        right.axes(timed ? "wall time per image (ms, batch 1, log scale)" : "network calls per image (log scale)",
                "Top-1 (%) against cost", null);
        right.hline(100 * vanilla.accuracy(), Color.GRAY, "vanilla");
        c = 0;
        for (Map.Entry<String, List<MethodResult>> entry : searches.entrySet()) {
            Color color = PALETTE[c++ % PALETTE.length];
            right.line(points(entry.getValue(), cost), color, false);
            List<MethodResult> flipped = report.methods().stream().filter(r -> r.family() == Method.Family.SEARCH
                    && r.flip() && r.earlyExitEntropy() == 0 && specName(r).equals(entry.getKey())).toList();
            right.line(points(flipped, cost), color, true);
            List<MethodResult> exits = report.methods().stream().filter(r -> r.family() == Method.Family.SEARCH
                    && !r.flip() && r.earlyExitEntropy() > 0 && specName(r).equals(entry.getKey())).toList();
            right.hollow(points(exits, cost), color);
        }
        right.line(points(shifts, cost), Color.BLACK, true);
        right.dot(cost.applyAsDouble(vanilla), 100 * vanilla.accuracy(), Color.GRAY);
        if (flip != null) {
            right.dot(cost.applyAsDouble(flip), 100 * flip.accuracy(), Color.BLACK);
        }

        int legendY = HEIGHT - MARGIN_BOTTOM + 50;
        g.setColor(Color.BLACK);
        for (int i = 0; i < legend.size(); i++) {
            int x = MARGIN_LEFT + (i % 2) * (WIDTH / 2);
            int yy = legendY + (i / 2) * 18;
            g.setColor(colors.get(i));
            g.setStroke(new BasicStroke(2.5f));
            g.drawLine(x, yy - 4, x + 24, yy - 4);
            g.setColor(Color.BLACK);
            g.drawString(legend.get(i), x + 30, yy);
        }
        int notesY = legendY + ((legend.size() + 1) / 2) * 18 + 8;
        g.drawString("Right panel: solid = search alone, dashed = search + flip, hollow = with early exit;"
                + " black dashed = 1-pixel shift TTA (2..9 views), black dot = flip TTA, grey dot = vanilla.",
                MARGIN_LEFT, notesY);
        g.dispose();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static String specName(MethodResult r) {
        String what = r.aggregation().equals("attention") ? "attention" : r.aggregation();
        if (!r.criterion().equals("entropy")) {
            what += " (" + r.criterion() + " order)";
        }
        return what + ", " + r.order() + ", layers " + r.layers();
    }

    private static List<double[]> points(List<MethodResult> results, ToDoubleFunction<MethodResult> cost) {
        return results.stream().map(r -> new double[] {cost.applyAsDouble(r), 100 * r.accuracy()}).toList();
    }

    private static MethodResult find(EvaluationReport report, Method.Family family, int views) {
        return report.methods().stream().filter(r -> r.family() == family && r.views() == views).findFirst()
                .orElse(null);
    }

    /** An axis range, linear or logarithmic. */
    private record Range(double min, double max, boolean log) {
        double fraction(double value) {
            return log ? (Math.log(value) - Math.log(min)) / (Math.log(max) - Math.log(min))
                    : (value - min) / (max - min);
        }
    }

    /** One panel: a plotting area with its axes. */
    private static final class Panel {

        private final Graphics2D g;
        private final int x0;
        private final int y0;
        private final int width;
        private final int height;
        private final Range x;
        private final Range y;

        Panel(Graphics2D g, int x0, int y0, int width, int height, Range x, Range y) {
            this.g = g;
            this.x0 = x0;
            this.y0 = y0;
            this.width = width;
            this.height = height;
            this.x = x;
            this.y = y;
        }

        int px(double value) {
            return x0 + (int) Math.round(x.fraction(value) * width);
        }

        int py(double value) {
            return y0 + height - (int) Math.round(y.fraction(value) * height);
        }

        void axes(String xLabel, String title, double[] xTicks) {
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(x0, y0, width, height);
            g.drawString(title, x0, y0 - 12);
            g.drawString(xLabel, x0 + width / 2 - 100, y0 + height + 36);
            double step = niceStep((y.max() - y.min()) / 8);
            for (double v = Math.ceil(y.min() / step) * step; v <= y.max(); v += step) {
                int yy = py(v);
                g.setColor(new Color(0xeeeeee));
                g.drawLine(x0 + 1, yy, x0 + width - 1, yy);
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, step < 0.1 ? "%.2f" : "%.1f", v), x0 - 50, yy + 4);
            }
            double[] ticks = xTicks != null ? xTicks : logTicks();
            for (double t : ticks) {
                int xx = px(t);
                g.setColor(new Color(0xeeeeee));
                g.drawLine(xx, y0 + 1, xx, y0 + height - 1);
                g.setColor(Color.BLACK);
                String label = t == Math.rint(t) ? Long.toString(Math.round(t)) : String.format(Locale.ROOT, "%.1f", t);
                g.drawString(label, xx - 8, y0 + height + 16);
            }
        }

        private double[] logTicks() {
            List<Double> ticks = new ArrayList<>();
            for (double decade = Math.pow(10, Math.floor(Math.log10(x.min()))); decade <= x.max(); decade *= 10) {
                for (double m : new double[] {1, 2, 5}) {
                    double t = decade * m;
                    if (t >= x.min() && t <= x.max()) {
                        ticks.add(t);
                    }
                }
            }
            return ticks.stream().mapToDouble(Double::doubleValue).toArray();
        }

        private static double niceStep(double raw) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            for (double m : new double[] {1, 2, 5, 10}) {
                if (m * magnitude >= raw) {
                    return m * magnitude;
                }
            }
            return 10 * magnitude;
        }

        void hline(double value, Color color, String label) {
            Stroke old = g.getStroke();
            g.setColor(color);
            g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6, 4},
                    0));
            g.drawLine(x0 + 1, py(value), x0 + width - 1, py(value));
            g.setStroke(old);
            g.drawString(label, x0 + width - 70, py(value) - 4);
        }

        void line(List<double[]> points, Color color, boolean dashed) {
            g.setColor(color);
            g.setStroke(dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {7, 5}, 0) : new BasicStroke(2.2f));
            for (int i = 0; i < points.size(); i++) {
                int xx = px(points.get(i)[0]);
                int yy = py(points.get(i)[1]);
                g.fillOval(xx - 3, yy - 3, 7, 7);
                if (i > 0) {
                    g.drawLine(px(points.get(i - 1)[0]), py(points.get(i - 1)[1]), xx, yy);
                }
            }
        }

        void hollow(List<double[]> points, Color color) {
            g.setColor(color);
            g.setStroke(new BasicStroke(1.5f));
            for (double[] p : points) {
                g.drawOval(px(p[0]) - 5, py(p[1]) - 5, 10, 10);
            }
        }

        void dot(double xValue, double yValue, Color color) {
            g.setColor(color);
            g.fillOval(px(xValue) - 6, py(yValue) - 6, 12, 12);
        }
    }
}
