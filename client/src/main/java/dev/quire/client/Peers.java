package dev.quire.client;

import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import dev.quire.ot.client.Client;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The other editors of one document and their selections, kept in this client's text
 * coordinates: a remote selection is moved through our unacknowledged edits on arrival
 * (ot-core's {@link Client#transformSelection}) and through every later edit. Internal; event
 * thread.
 */
final class Peers {
    private final Map<String, Peer> byClientId = new LinkedHashMap<>();
    private final Listeners listeners;

    Peers(Listeners listeners) {
        this.listeners = listeners;
    }

    /** The peers of a {@code joined}: the old ones leave, the new ones are announced. */
    void reset(List<ServerMessage> peers, Client client) {
        clear();
        for (ServerMessage p : peers) {
            put(p.string("clientId"), p.object("user"), p.selection(), client);
        }
    }

    void put(String clientId, ServerMessage user, Optional<Selection> selection, Client client) {
        Optional<Selection> local;
        try {
            local = selection.map(client::transformSelection);
        } catch (RuntimeException stale) {
            local = Optional.empty(); // a selection that does not fit our text: no cursor
        }
        Peer peer = new Peer(
                clientId,
                user.optionalString("name").orElse("Anonymous"),
                user.optionalString("color").orElse(""),
                local);
        byClientId.put(clientId, peer);
        listeners.presence(peer);
    }

    void remove(String clientId) {
        if (byClientId.remove(clientId) != null) {
            listeners.left(clientId);
        }
    }

    /** Without a connection we cannot know who is still here: everyone leaves. */
    void clear() {
        for (String clientId : new ArrayList<>(byClientId.keySet())) {
            remove(clientId);
        }
    }

    void move(TextOperation op) {
        byClientId.replaceAll((id, p) -> {
            try {
                return new Peer(p.clientId(), p.name(), p.color(), p.selection().map(s -> s.transform(op)));
            } catch (RuntimeException stale) {
                return new Peer(p.clientId(), p.name(), p.color(), Optional.empty());
            }
        });
    }

    List<Peer> list() {
        return List.copyOf(byClientId.values());
    }
}
