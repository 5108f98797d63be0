package dev.quire.server.e2e;

/** Every {@link BadInputTest} rule over the HTTP fallback ({@code /poll}): same codes, same closes. */
class BadInputOverHttpTest extends BadInputTest {
    @Override
    Transport transport() {
        return Transport.HTTP;
    }
}
