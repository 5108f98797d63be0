/**
 * The bus between nodes (decision 022): how a node hears of the ops other nodes commit to a shared
 * store, and of their editors' presence. {@link dev.quire.server.cluster.Bus} is the interface the
 * documents use; {@link dev.quire.server.cluster.Bus#LOCAL} (one node, {@code --bus local}) does
 * nothing at no cost, {@link dev.quire.server.cluster.redis.RedisBus} ({@code --bus redis://…})
 * uses Redis pub/sub with one channel per document.
 */
package dev.quire.server.cluster;
