package dev.quire.server.logging;

import java.util.Locale;
import java.util.Optional;

/** How log lines are written ({@code --log-format}). */
public enum LogFormat {
    /** One human-readable line per event (the default). */
    TEXT,
    /** One JSON object per line, for log collectors. */
    JSON;

    /** The format named {@code text} or {@code json}. */
    public static Optional<LogFormat> fromWire(String name) {
        for (LogFormat f : values()) {
            if (f.wire().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
