package dev.quire.server.storage;

/**
 * {@link CommentStore} in memory: what a {@link DocumentStore} without comment tables offers (the
 * comments last as long as the process). Thread-safe.
 */
public final class MemoryCommentStore extends MemoryRangeStore<CommentRecord> implements CommentStore {}
