package dev.quire.server.document;

import dev.quire.ot.InvalidOperationException;
import dev.quire.ot.TextOperation;
import dev.quire.server.cluster.Owners;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A live document's side of ownership (decision 043) on the node that owns it: submissions other
 * nodes forward are submitted to the pipeline as if their editors were here — the original
 * submission, so the owner transforms it and checks its (session, seq) — and what the pipeline
 * tells those editors other than their committed op (which the bus carries back: an ack of a
 * resend, a refusal) is sent back to their node.
 *
 * <p>Runs in the document's mailbox.
 */
final class ForwardedOps {
    /** The forwarded editors remembered (by client id) to route replies to their node; the oldest are forgotten. */
    private static final int REMEMBERED = 10_000;

    private final String docId;
    private final Owners owners;
    private final OpPipeline pipeline;
    private final DocumentMeters meters;
    private final Map<String, String> nodeOf = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    ForwardedOps(String docId, Owners owners, OpPipeline pipeline, DocumentMeters meters) {
        this.docId = docId;
        this.owners = owners;
        this.pipeline = pipeline;
        this.meters = meters;
    }

    /** Submits a forwarded op; a refusal goes back to its editor's node with its code. */
    void serve(Owners.Forward f) {
        nodeOf.put(f.clientId(), f.fromNode());
        meters.forwarded(DocumentMeters.ForwardEvent.SERVED);
        if (f.baseVersion() > pipeline.version()) {
            // Committed by a node that owned the document before: read it first.
            pipeline.catchUp();
        }
        if (f.baseVersion() > pipeline.version()
                || pipeline.mustWaitFor(f.baseVersion()).isPresent()) {
            away(
                    f.clientId(),
                    new ServerMessage.Error(
                            ErrorCode.RETRY_LATER,
                            "the owner of " + docId + " is catching up; send the op again",
                            Optional.of(docId),
                            Optional.of(f.seq()),
                            OptionalLong.of(ConflictRetries.RETRY_AFTER_MS)));
            return;
        }
        try {
            TextOperation op = TextOperation.parse(f.opJson());
            Origin origin = new Origin.Session(f.clientId(), f.session(), f.seq(), f.author(), f.userId());
            pipeline.submit(new Submission(f.baseVersion(), op, origin));
        } catch (ProtocolException e) {
            away(f.clientId(), e.toMessage());
        } catch (InvalidOperationException e) {
            away(
                    f.clientId(),
                    new ServerMessage.Error(
                            ErrorCode.INVALID_OP, e.getMessage(), Optional.of(docId), Optional.of(f.seq())));
        }
    }

    /** A message the pipeline has for an editor that is not on this node: to its node, if it forwarded here. */
    void away(String clientId, ServerMessage message) {
        String node = nodeOf.get(clientId);
        if (node != null && (message instanceof ServerMessage.Ack || message instanceof ServerMessage.Error)) {
            owners.reply(node, new Owners.Reply(docId, clientId, message));
        }
    }
}
