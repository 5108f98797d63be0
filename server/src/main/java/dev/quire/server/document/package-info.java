/**
 * Live documents. {@link dev.quire.server.document.DocumentRegistry} finds or loads the live
 * document of an id and hands it work; each {@code LiveDocument} has two parts:
 *
 * <ul>
 *   <li>{@code OpPipeline}: the path of a {@link dev.quire.server.document.Submission} — exactly-once
 *       check, transform and apply (ot-core's {@code ServerDocument}, which holds the text and
 *       the op history), append to the store, and once durable the ack and the broadcast;
 *   <li>{@code Roster}: the editors joined to the document, their joins, presence and leaves.
 * </ul>
 *
 * <p><b>The mailbox rule.</b> Each live document has one {@code SerialExecutor}: everything done
 * to the document, its pipeline, its roster and their editors runs as a task of that mailbox,
 * one at a time, in the order submitted, on a shared pool (or on the submitting WebSocket I/O
 * thread when the mailbox is idle). No other thread touches that state, so none of it is
 * synchronised. A store future completing on another thread only queues a task.
 */
package dev.quire.server.document;
