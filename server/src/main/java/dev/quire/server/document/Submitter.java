package dev.quire.server.document;

import dev.quire.ot.server.Applied;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.Correlation;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the ops of one live document's editors and scripts to its {@link OpPipeline}: at once
 * nearly always, or, when an op is older than the history in memory and the ops in between are
 * not all in the op log yet ({@link OpPipeline#mustWaitFor}), again once they are durable. Where
 * a waiting op's errors go: to its editor, or to the script's result.
 *
 * <p>Runs in the document's mailbox ({@link LiveDocument} calls it from {@code onOp} and
 * {@code onSubmit}, the document loaded).
 */
final class Submitter {
    /** Under the live document's name, as before this class was split from it. */
    private static final Logger log = LoggerFactory.getLogger(LiveDocument.class);

    private final String docId;
    private final OpPipeline pipeline;

    Submitter(String docId, OpPipeline pipeline) {
        this.docId = docId;
        this.pipeline = pipeline;
    }

    /**
     * Submits an editor's op, or waits for the op log and then runs {@code again} (the whole
     * {@code onOp}, which loads the document and finds the editor anew).
     */
    void op(ClientMessage.Op m, Editor e, Runnable again) {
        OptionalInt wait = pipeline.mustWaitFor(m.version());
        if (wait.isPresent()) {
            pipeline.whenDurable(wait.getAsInt(), new DurableWaiters.Waiter() {
                @Override
                public void durable() {
                    retry(e.sink, again);
                }

                @Override
                public void failed(Throwable fault) {
                    e.sink.send(fault instanceof ProtocolException p ? p.toMessage() : internalError(fault));
                }
            });
            return;
        }
        Origin origin = new Origin.Session(e.clientId, e.session, m.seq(), e.user.name(), e.userId);
        pipeline.submit(new Submission(m.version(), m.op(), origin));
    }

    /**
     * Runs a submission that waited for the op log (see {@link OpPipeline#mustWaitFor}) inside
     * the durable callback of another op, so its errors go to its editor, not to that callback.
     */
    private void retry(EditorSink sink, Runnable submission) {
        try {
            submission.run();
        } catch (ProtocolException x) {
            sink.send(x.toMessage());
        } catch (RuntimeException x) {
            sink.send(internalError(x));
        }
    }

    private ServerMessage.Error internalError(Throwable fault) {
        String correlation = Correlation.next();
        log.error("[{}] internal fault on a waiting op of document {}", correlation, docId, fault);
        return new ServerMessage.Error(
                ErrorCode.INTERNAL, "internal error " + correlation, Optional.of(docId), Optional.empty());
    }

    /**
     * Submits a script's op and completes {@code result} with it as applied once it is durable;
     * or waits for the op log and then runs {@code again} (the whole {@code onSubmit}).
     */
    void script(Submission s, CompletableFuture<Applied> result, Runnable again) {
        OptionalInt wait = pipeline.mustWaitFor(s.baseVersion());
        if (wait.isPresent()) {
            pipeline.whenDurable(wait.getAsInt(), new DurableWaiters.Waiter() {
                @Override
                public void durable() {
                    try {
                        again.run();
                    } catch (RuntimeException x) {
                        result.completeExceptionally(x);
                    }
                }

                @Override
                public void failed(Throwable fault) {
                    result.completeExceptionally(fault);
                }
            });
            return;
        }
        Applied applied = pipeline.submit(s).orElseThrow(() -> new IllegalStateException("only sessions resend"));
        pipeline.whenDurable(applied.version(), new DurableWaiters.Waiter() {
            @Override
            public void durable() {
                result.complete(applied);
            }

            @Override
            public void failed(Throwable fault) {
                result.completeExceptionally(fault);
            }
        });
    }
}
