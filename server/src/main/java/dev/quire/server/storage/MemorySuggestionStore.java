package dev.quire.server.storage;

/**
 * {@link SuggestionStore} in memory: what a {@link DocumentStore} without suggestion tables
 * offers (the suggestions last as long as the process). Thread-safe.
 */
public final class MemorySuggestionStore extends MemoryRangeStore<SuggestionRecord> implements SuggestionStore {}
