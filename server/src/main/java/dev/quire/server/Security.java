package dev.quire.server;

import dev.quire.server.config.ServerConfig;
import dev.quire.server.security.AuthSettings;
import dev.quire.server.security.Authenticator;
import dev.quire.server.transport.AccessControl;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the transport's {@link AccessControl} from the configuration and says at start when it is off. */
final class Security {
    /** The one line logged at start when authentication is off. */
    static final String AUTH_OFF_WARNING = "authentication is off: anyone who can reach this server can read, edit"
            + " and delete every document (set --jwt-secret or --jwt-public-key)";

    private static final Logger log = LoggerFactory.getLogger(Security.class);

    private Security() {}

    /**
     * Reads the keys (a bad one throws {@link IllegalArgumentException} naming the setting) and
     * the share key under the data directory.
     */
    static AccessControl access(ServerConfig config) {
        AuthSettings auth = config.auth();
        if (!auth.enabled()) {
            log.warn(AUTH_OFF_WARNING);
            return AccessControl.off();
        }
        return new AccessControl(
                Authenticator.start(auth, config.dataDir()),
                Optional.of(auth.recheck()),
                config.edge().maxConnectionsPerUser());
    }
}
