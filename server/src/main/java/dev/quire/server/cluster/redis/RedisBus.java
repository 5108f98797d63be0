package dev.quire.server.cluster.redis;

import dev.quire.server.cluster.Bus;
import dev.quire.server.cluster.BusMessage;
import dev.quire.server.cluster.Owners;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus on Redis (Lettuce), after ShareDB's {@code sharedb-redis-pubsub}: one connection
 * publishes and runs commands, a second one only subscribes (Redis's pub/sub takes a connection
 * over); one channel per document, {@code <prefix>:doc:<docId>}, subscribed while the node has
 * editors of it. Lettuce reconnects by itself and subscribes again to every channel; each
 * confirmation of a subscription, the first and every one after a reconnect, is reported as
 * {@link Listener#subscribed}, so the documents read from the store what they may have missed.
 *
 * <p>Presence lives twice: published on the channel for the nodes there now, and in a hash per
 * document ({@code <prefix>:presence:<docId>}, field: client id) for a node that subscribes later.
 * A hash entry names its node; a node is alive while its key {@code <prefix>:node:<nodeId>}
 * exists, set with a {@value #NODE_TTL_MS} ms expiry and refreshed every
 * {@value #REFRESH_MS} ms by {@link NodeLiveness}. So the editors of a node that died vanish for
 * everyone within seconds, without anybody deleting them.
 *
 * <p>While Redis is unreachable, publishing fails at once (nothing queues up in memory): commits go
 * on through the store, and the documents catch up from it when the subscriptions come back.
 * Thread-safe.
 */
public final class RedisBus implements Bus {
    private static final Logger log = LoggerFactory.getLogger(RedisBus.class);
    static final long NODE_TTL_MS = 6_000;
    static final long REFRESH_MS = 2_000;
    /** Presence hashes of documents nobody edits any more disappear after a day. */
    private static final long PRESENCE_TTL_SECONDS = 86_400;

    private final String nodeId;
    private final String prefix;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> subscriptions;
    private final Map<String, Integer> holders = new HashMap<>();
    /** Channels Redis confirmed; Lettuce subscribes to these again by itself after a reconnect. */
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();

    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
    private final NodeLiveness liveness;
    private final RedisOwners owners;
    /** host:port, for the log (never the URI: it may hold a password). */
    private final String where;

    private volatile Listener listener;
    private volatile boolean closed;

    /**
     * Connects to Redis.
     *
     * @param uri    {@code redis://host:port} ({@code --bus})
     * @param prefix the first part of every key and channel ({@code --bus-prefix})
     * @throws RedisException if Redis cannot be reached
     */
    public RedisBus(String uri, String prefix, String nodeId) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.resources = ClientResources.builder()
                // Back within a second of Redis's return, not Lettuce's default of up to 30 s.
                .reconnectDelay(
                        Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisURI redis = RedisURI.create(uri);
        redis.setTimeout(Duration.ofSeconds(2));
        this.where = redis.getHost() + ":" + redis.getPort();
        this.client = RedisClient.create(resources, redis);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        try {
            this.commands = client.connect();
            this.subscriptions = client.connectPubSub();
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        this.owners = new RedisOwners(nodeId, prefix, commands, subscriptions);
        this.liveness = new NodeLiveness(
                commands, prefix, nodeId, nodeIds -> listener.nodesGone(nodeIds), this::subscribeMissing);
    }

    @Override
    public boolean isLocal() {
        return false;
    }

    @Override
    public void start(Listener l) {
        this.listener = Objects.requireNonNull(l, "listener");
        String channels = prefix + ":doc:";
        subscriptions.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String text) {
                if (!channel.startsWith(channels)) {
                    return;
                }
                String docId = channel.substring(channels.length());
                BusCodec.Received r;
                try {
                    r = BusCodec.decode(docId, text);
                } catch (RuntimeException e) {
                    log.warn("bus: ignored a message on {}: {}", channel, e.getMessage());
                    return;
                }
                if (!r.nodeId().equals(nodeId)) {
                    liveness.heardOf(r.nodeId());
                    l.received(docId, r.nodeId(), r.message());
                }
            }

            @Override
            public void unsubscribed(String channel, long count) {
                confirmed.remove(channel);
            }

            @Override
            public void subscribed(String channel, long count) {
                confirmed.add(channel);
                if (channel.startsWith(channels)) {
                    l.subscribed(channel.substring(channels.length()));
                }
            }
        });
        liveness.start();
        log.info("node {}: bus on Redis at {} (prefix {})", nodeId, where, prefix);
    }

    private String channel(String docId) {
        return prefix + ":doc:" + docId;
    }

    private String presenceKey(String docId) {
        return prefix + ":presence:" + docId;
    }

    @Override
    public Owners owners() {
        return owners;
    }

    @Override
    public void subscribe(String docId) {
        synchronized (holders) {
            if (holders.merge(docId, 1, Integer::sum) == 1) {
                // Lettuce remembers the channel even if Redis is away now, and subscribes on reconnect.
                subscriptions.async().subscribe(channel(docId)).exceptionally(e -> failed("subscribe", e));
            }
        }
    }

    /**
     * Subscribes again to the channels whose subscription was refused while Redis was away
     * (Lettuce renews only the ones Redis had confirmed); every {@value #REFRESH_MS} ms.
     */
    private void subscribeMissing() {
        synchronized (holders) {
            for (String docId : holders.keySet()) {
                if (!confirmed.contains(channel(docId))) {
                    subscriptions.async().subscribe(channel(docId)).exceptionally(e -> failed("subscribe", e));
                }
            }
        }
    }

    @Override
    public void unsubscribe(String docId) {
        synchronized (holders) {
            Integer n = holders.get(docId);
            if (n == null) {
                return;
            }
            if (n == 1) {
                holders.remove(docId);
                subscriptions.async().unsubscribe(channel(docId)).exceptionally(e -> failed("unsubscribe", e));
            } else {
                holders.put(docId, n - 1);
            }
        }
    }

    @Override
    public void publish(String docId, BusMessage message) {
        if (closed) {
            return; // the node is stopping: its editors' leaves expire with its key
        }
        String text = BusCodec.encode(nodeId, message);
        RedisAsyncCommands<String, String> redis = commands.async();
        if (message instanceof BusMessage.Presence p) {
            redis.hset(presenceKey(docId), p.clientId(), text).exceptionally(e -> failed("presence", e));
            redis.expire(presenceKey(docId), PRESENCE_TTL_SECONDS);
        } else if (message instanceof BusMessage.Left l) {
            redis.hdel(presenceKey(docId), l.clientId()).exceptionally(e -> failed("presence", e));
        }
        redis.publish(channel(docId), text)
                .thenRun(() -> recovered("publish"))
                .exceptionally(e -> failed("publish", e));
    }

    /** Any node may delete them; deleting twice is harmless. */
    @Override
    public void forget(String docId, List<String> clientIds) {
        if (!clientIds.isEmpty()) {
            commands.async().hdel(presenceKey(docId), clientIds.toArray(String[]::new));
        }
    }

    @Override
    public CompletableFuture<List<BusMessage.Peer>> peers(String docId) {
        RedisAsyncCommands<String, String> redis = commands.async();
        return redis.hgetall(presenceKey(docId))
                .thenCompose(entries -> {
                    List<BusCodec.Received> others = new ArrayList<>();
                    for (Map.Entry<String, String> e : entries.entrySet()) {
                        try {
                            BusCodec.Received r = BusCodec.decode(docId, e.getValue());
                            if (!r.nodeId().equals(nodeId) && r.message() instanceof BusMessage.Presence) {
                                others.add(r);
                            }
                        } catch (RuntimeException bad) {
                            log.warn("bus: ignored a presence entry of {}: {}", docId, bad.getMessage());
                        }
                    }
                    if (others.isEmpty()) {
                        return CompletableFuture.completedFuture(List.<BusMessage.Peer>of());
                    }
                    String[] keys = others.stream()
                            .map(r -> liveness.key(r.nodeId()))
                            .distinct()
                            .toArray(String[]::new);
                    return redis.mget(keys).thenApply(values -> {
                        List<String> alive = values.stream()
                                .filter(KeyValue::hasValue)
                                .map(KeyValue::getKey)
                                .toList();
                        return others.stream()
                                .filter(r -> alive.contains(liveness.key(r.nodeId())))
                                .peek(r -> liveness.heardOf(r.nodeId()))
                                .map(r -> new BusMessage.Peer(r.nodeId(), (BusMessage.Presence) r.message()))
                                .toList();
                    });
                })
                .toCompletableFuture()
                .exceptionally(e -> {
                    failed("presence", e);
                    return List.of();
                });
    }

    private <T> T failed(String what, Throwable e) {
        if (failing.put(what, Boolean.TRUE) == null) {
            log.warn("bus: {} failed ({}); the store fills the gaps when Redis is back", what, e.toString());
        }
        return null;
    }

    private void recovered(String what) {
        if (failing.remove(what) != null) {
            log.info("bus: {} works again", what);
        }
    }

    @Override
    public void close() {
        closed = true;
        owners.close();
        liveness.close();
        try {
            // The others forget this node's editors at once rather than after the expiry.
            commands.sync().del(liveness.key(nodeId));
        } catch (RuntimeException e) {
            log.warn("bus: could not delete this node's key ({}); it expires by itself", e.toString());
        }
        subscriptions.close();
        commands.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
