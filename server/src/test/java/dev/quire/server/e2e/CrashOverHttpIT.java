package dev.quire.server.e2e;

/** {@link CrashIT} with every editor on the HTTP fallback: every acked op survives kill -9. */
class CrashOverHttpIT extends CrashIT {
    @Override
    Transport transport() {
        return Transport.HTTP;
    }
}
