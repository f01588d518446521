package dev.wanedit.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results table: one row per figure, wanedit beside the official SDK where both were measured. */
final class Report {

    /** One figure. {@code sdk} is NaN when only wanedit was measured; the ratio is wanedit ÷ SDK. */
    record Row(String section, String metric, String unit, double wanedit, double sdk, String note) {
        double ratio() {
            return Double.isNaN(sdk) ? Double.NaN : Stats.ratio(wanedit, sdk);
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> environment = new LinkedHashMap<>();
    private final Map<String, Object> details = new LinkedHashMap<>();

    void add(String section, String metric, String unit, double wanedit, double sdk, String note) {
        Row r = new Row(section, metric, unit, wanedit, sdk, note);
        rows.add(r);
        System.out.println("  " + format(r));
    }

    void only(String section, String metric, String unit, double value, String note) {
        add(section, metric, unit, value, Double.NaN, note);
    }

    void environment(String key, Object value) {
        environment.put(key, value);
    }

    void detail(String key, Object value) {
        details.put(key, value);
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    void print(PrintStream out) {
        out.println();
        out.println("| # | metric | unit | wanedit | SDK | wanedit ÷ SDK | note |");
        out.println("|---|---|---|---:|---:|---:|---|");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", r.section(), r.metric(), r.unit(), num(r.wanedit()),
                    num(r.sdk()), num(r.ratio()), r.note());
        }
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("environment", environment);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("section", r.section());
            m.put("metric", r.metric());
            m.put("unit", r.unit());
            m.put("wanedit", finite(r.wanedit()));
            m.put("sdk", finite(r.sdk()));
            m.put("ratio", finite(r.ratio()));
            m.put("note", r.note());
            list.add(m);
        }
        root.put("results", list);
        root.put("details", details);
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String format(Row r) {
        return r.section() + " " + r.metric() + ": wanedit " + num(r.wanedit()) + " " + r.unit()
                + (Double.isNaN(r.sdk()) ? "" : ", SDK " + num(r.sdk()) + " " + r.unit() + ", ratio " + num(r.ratio()));
    }
}
