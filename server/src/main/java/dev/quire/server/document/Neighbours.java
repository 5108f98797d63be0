package dev.quire.server.document;

import dev.quire.server.protocol.ServerMessage;
import java.util.List;

/**
 * The editors of one live document on other nodes (decision 022), as its {@link Roster} sees
 * them; {@link #NONE} on one node. Called in the document's mailbox.
 */
interface Neighbours {
    Neighbours NONE = new Neighbours() {
        @Override
        public List<ServerMessage.Peer> peersAt(int published) {
            return List.of();
        }

        @Override
        public void presence(Editor e) {}

        @Override
        public void left(String clientId) {}
    };

    /** The other nodes' editors, their selections moved to {@code published}, for a joiner's peers. */
    List<ServerMessage.Peer> peersAt(int published);

    /** Tells the other nodes of an editor's join, selection or name. */
    void presence(Editor e);

    /** Tells the other nodes an editor left. */
    void left(String clientId);
}
