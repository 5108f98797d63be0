package dev.quire.server.backup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The flags of the operator commands ({@code restore}, {@code export}, {@code import}): {@code --name value} or {@code --name=value}. */
public final class CommandFlags {
    private CommandFlags() {}

    /**
     * Reads flags.
     *
     * @param known    every flag the command takes
     * @param required the flags it cannot run without
     * @throws IllegalArgumentException naming an unknown, repeated, valueless or missing flag
     */
    public static Map<String, String> parse(List<String> args, List<String> known, List<String> required) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException(arg + ": unknown option");
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(name + ": expected a value");
                }
                value = args.get(++i);
            }
            if (flags.put(name, value) != null) {
                throw new IllegalArgumentException(name + ": given twice");
            }
        }
        for (String r : required) {
            if (!flags.containsKey(r)) {
                throw new IllegalArgumentException(r + ": required");
            }
        }
        return flags;
    }
}
