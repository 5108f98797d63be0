package dev.quire.server.e2e;

import dev.quire.server.QuireServer;
import dev.quire.server.config.ConfigParser;
import dev.quire.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts a real server on port 0 over a data directory. */
final class ServerFixture {
    private ServerFixture() {}

    static QuireServer start(Path dataDir, String... extra) {
        List<String> args =
                new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString()));
        args.addAll(List.of(extra));
        ServerConfig config = ConfigParser.parse(args, Map.of());
        return new QuireServer(config);
    }
}
