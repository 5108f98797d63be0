package dev.quire.server.document;

import dev.quire.server.cluster.Bus;
import dev.quire.server.cluster.BusMessage;
import dev.quire.server.protocol.ChatMessage;
import dev.quire.server.protocol.Correlation;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.storage.ChatRecord;
import dev.quire.server.storage.ChatStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat of one live document (issue 17, decision 032): a message is stored, then — once
 * committed, in the document's mailbox — sent to every editor that asked for chat. The newest
 * {@link ChatMessage#PAGE} committed messages are kept in memory for the {@code chat-history}
 * after each {@code joined}; older pages are read from the store.
 *
 * <p>Owned by the document's mailbox, like {@link CommentFlow}.
 */
final class ChatFlow {
    private static final Logger log = LoggerFactory.getLogger(ChatFlow.class);
    private final String docId;
    private final ChatStore store;
    private final Roster roster;
    private final SerialExecutor mailbox;
    private final Bus bus;
    /** The newest committed messages by id (this node's and other nodes'); null until first needed. */
    private TreeMap<Long, ChatMessage> recent;
    /** Whether the store holds messages older than {@link #recent}'s first. */
    private boolean older;

    ChatFlow(String docId, ChatStore store, Roster roster, SerialExecutor mailbox, Bus bus) {
        this.docId = docId;
        this.bus = bus;
        this.store = store;
        this.roster = roster;
        this.mailbox = mailbox;
    }

    /** Stores {@code text} from a joined editor, with its name and colour; errors go to {@code sink}. */
    void submitFrom(String text, String clientId, EditorSink sink) {
        Editor e = roster.editor(clientId)
                .orElseThrow(() -> new ProtocolException(
                        ErrorCode.NOT_JOINED, "not joined to document " + docId, Optional.of(docId), Optional.empty()));
        ChatRecord draft = new ChatRecord(docId, 0, e.user.name(), e.user.color(), text, Instant.now());
        store.append(draft).whenComplete((stored, fault) -> {
            if (fault != null) {
                String id = Correlation.next();
                log.error("[{}] a chat message of document {} was not stored", id, docId, fault);
                sink.send(new ServerMessage.Error(
                        ErrorCode.INTERNAL, "internal error " + id, Optional.of(docId), Optional.empty()));
                return;
            }
            // Appends commit in call order, so these tasks queue in id order. If the document
            // unloaded meanwhile nobody is joined: the message is stored, there is no one to tell.
            mailbox.execute(() -> {
                bus.publish(docId, new BusMessage.Chat(stored));
                heard(stored);
            });
        });
    }

    /**
     * A message stored (by this node, or by another one that said so on the bus): kept among the
     * newest and sent to every editor here that asked for chat. Another node's may come after
     * one of ours with a higher id; each is sent once, as it comes.
     */
    void heard(ChatRecord stored) {
        ChatMessage message = view(stored);
        remember(message);
        roster.sendTo(Editor.Accept.CHAT, new ServerMessage.Chat(docId, message));
    }

    /** The {@code chat-history} after the {@code joined} of an editor that asked for chat. */
    List<ServerMessage> joinExtras(Editor e) {
        if (!e.wantsChat) {
            return List.of();
        }
        loadRecent();
        return List.of(new ServerMessage.ChatHistory(docId, OptionalLong.empty(), List.copyOf(recent.values()), older));
    }

    /** A page of older messages for a joined editor. */
    ServerMessage.ChatHistory page(OptionalLong before, int limit) {
        return page(store, docId, before, limit);
    }

    /** A page read from {@code store}: the newest {@code limit} messages below {@code before}. */
    static ServerMessage.ChatHistory page(ChatStore store, String docId, OptionalLong before, int limit) {
        List<ChatRecord> rows = store.before(docId, before.orElse(Long.MAX_VALUE), limit + 1);
        boolean more = rows.size() > limit;
        List<ChatMessage> messages = new ArrayList<>(limit);
        for (ChatRecord r : more ? rows.subList(1, rows.size()) : rows) {
            messages.add(view(r));
        }
        return new ServerMessage.ChatHistory(docId, before, messages, more);
    }

    /**
     * Stores imported messages in their order (the store gives them new ids), then forgets the
     * newest ones kept in memory, so the next join reads them from the store.
     */
    CompletableFuture<Void> importAll(List<ChatRecord> messages) {
        CompletableFuture<ChatRecord> last = CompletableFuture.completedFuture(null);
        for (ChatRecord m : messages) {
            last = last.thenCompose(ignored -> store.append(m.withId(0)));
        }
        return last.thenAccept(ignored -> mailbox.execute(() -> recent = null));
    }

    /** The document was deleted: its chat goes with it. */
    CompletableFuture<Void> deleteAll() {
        recent = null;
        return store.deleteAll(docId);
    }

    private void loadRecent() {
        if (recent == null) {
            ServerMessage.ChatHistory newest = page(OptionalLong.empty(), ChatMessage.PAGE);
            recent = new TreeMap<>();
            newest.messages().forEach(m -> recent.put(m.id(), m));
            older = newest.more();
        }
    }

    private void remember(ChatMessage message) {
        if (recent == null) {
            return; // read from the store, with this message, when first needed
        }
        recent.put(message.id(), message);
        if (recent.size() > ChatMessage.PAGE) {
            recent.pollFirstEntry();
            older = true;
        }
    }

    static ChatMessage view(ChatRecord r) {
        return new ChatMessage(r.id(), r.author(), r.color(), r.text(), r.time());
    }
}
