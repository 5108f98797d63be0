/**
 * Live documents: one {@link dev.quire.server.document.LiveDocument} per open document id wraps
 * ot-core's {@code ServerDocument}, serialises everything done to it on a shared thread pool
 * (actor style, no thread per document), makes each op durable before acknowledging and
 * broadcasting it, and unloads itself when idle. {@link dev.quire.server.document.DocumentRegistry}
 * finds or loads the live document for an id.
 */
package dev.quire.server.document;
