package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

/** One scrape of {@code /metrics}, parsed: each sample line's series ({@code name{labels}}) to its value. */
record Scrape(String text, Map<String, Double> samples) {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    static Scrape of(int port) throws Exception {
        Http.Response r = Http.get(port, "/metrics");
        assertEquals(200, r.status(), r.body());
        assertEquals(CONTENT_TYPE, r.headers().firstValue("Content-Type").orElse(""));
        return parse(r.body());
    }

    static Scrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new Scrape(text, samples);
    }

    /** The value of a series that must be there. */
    double value(String series) {
        Double v = samples.get(series);
        if (v == null) {
            throw new AssertionError("no series " + series + " in\n" + text);
        }
        return v;
    }

    long count(String series) {
        return (long) value(series);
    }
}
