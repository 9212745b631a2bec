package sell.bench;

import java.util.Map;

/** Draws push latency (p50, p99, max) against the number of sockets as a small SVG, log scale on both axes. */
final class Chart {
    private static final int W = 640;
    private static final int H = 360;
    private static final int LEFT = 70;
    private static final int RIGHT = 30;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private Chart() {
    }

    static String pushLatency(Map<Integer, double[]> bySockets) {
        double minMs = 0.1;
        double maxMs = 1;
        for (double[] v : bySockets.values()) for (double ms : v) maxMs = Math.max(maxMs, ms);
        double top = Math.pow(10, Math.ceil(Math.log10(maxMs)));
        StringBuilder svg = new StringBuilder();
        svg.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", W, H));
        svg.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        svg.append(String.format("<text x=\"%d\" y=\"22\" font-size=\"14\" font-weight=\"bold\">Push latency "
                + "(POST sent → event received) by sockets on one shop</text>%n", LEFT));
        for (double ms = minMs; ms <= top * 1.0001; ms *= 10) {
            int y = y(ms, minMs, top);
            svg.append(String.format("<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>%n", LEFT, W - RIGHT, y, y));
            svg.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s ms</text>%n", LEFT - 6, y + 4,
                    ms < 1 ? String.format("%.1f", ms) : String.format("%.0f", ms)));
        }
        for (int sockets = 1; sockets <= 1000; sockets *= 10) {
            int x = x(sockets);
            svg.append(String.format("<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#eee\"/>%n", x, x, TOP, H - BOTTOM));
            svg.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%,d</text>%n", x, H - BOTTOM + 18, sockets));
        }
        svg.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">sockets</text>%n", (LEFT + W - RIGHT) / 2, H - 12));
        String[] names = {"p50", "p99", "max"};
        String[] colours = {"#2a7a6a", "#c07a20", "#b03030"};
        for (int series = 0; series < 3; series++) {
            StringBuilder points = new StringBuilder();
            for (Map.Entry<Integer, double[]> e : bySockets.entrySet()) {
                int x = x(e.getKey());
                int y = y(Math.max(minMs, e.getValue()[series]), minMs, top);
                points.append(x).append(',').append(y).append(' ');
                svg.append(String.format("<circle cx=\"%d\" cy=\"%d\" r=\"3.5\" fill=\"%s\"/>%n", x, y, colours[series]));
            }
            svg.append(String.format("<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    points.toString().trim(), colours[series]));
            svg.append(String.format("<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", W - RIGHT - 40, TOP + 16 + series * 16,
                    colours[series], names[series]));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static int x(int sockets) {
        return LEFT + (int) Math.round(Math.log10(sockets) / 3 * (W - LEFT - RIGHT));
    }

    private static int y(double ms, double minMs, double maxMs) {
        double f = (Math.log10(ms) - Math.log10(minMs)) / (Math.log10(maxMs) - Math.log10(minMs));
        return H - BOTTOM - (int) Math.round(f * (H - TOP - BOTTOM));
    }
}
