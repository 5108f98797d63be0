package dev.quire.server.cluster.redis;

import dev.quire.server.cluster.Owners;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Document leases and the request channel on Redis (decision 043), on {@link RedisBus}'s two
 * connections. A lease is the key {@code <prefix>:owner:<docId>} holding the owner's node id with
 * a {@value #LEASE_MS} ms expiry, taken or renewed by one script (Redis's {@code SET key node NX
 * PX}, plus "or renew it if it is mine"), which answers the holder. Every {@value #RENEW_MS} ms
 * the node runs it for each document it has editors of, so it renews its own leases, takes those
 * nobody holds, and learns who holds the others. A node's requests arrive on the channel
 * {@code <prefix>:requests:<nodeId>}.
 *
 * <p>Nothing here is needed for correctness: an unknown, stale or wrong holder only makes a node
 * commit itself, and the store orders the versions. Thread-safe.
 */
final class RedisOwners implements Owners {
    private static final Logger log = LoggerFactory.getLogger(RedisOwners.class);
    static final long LEASE_MS = 6_000;
    static final long RENEW_MS = 2_000;

    /** Takes the lease when nobody holds it, renews it when this node does; answers the holder. */
    private static final String CLAIM = "local v = redis.call('GET', KEYS[1]) "
            + "if v == false or v == ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return ARGV[1] end "
            + "return v";
    /** Gives the lease up if this node holds it. */
    private static final String RELEASE =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    /** A holder as last answered by Redis, and when. */
    private record Seen(String nodeId, long atNanos) {}

    private final String nodeId;
    private final String prefix;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisPubSubConnection<String, String> subscriptions;
    private final Set<String> interested = ConcurrentHashMap.newKeySet();
    private final Map<String, Seen> holders = new ConcurrentHashMap<>();
    private final Map<String, Long> unresponsiveUntil = new ConcurrentHashMap<>();
    private final AtomicLong acquisitions = new AtomicLong();
    private final AtomicLong losses = new AtomicLong();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "quire-leases");
        t.setDaemon(true);
        return t;
    });

    RedisOwners(
            String nodeId,
            String prefix,
            StatefulRedisConnection<String, String> commands,
            StatefulRedisPubSubConnection<String, String> subscriptions) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.commands = commands;
        this.subscriptions = subscriptions;
    }

    private String channel(String node) {
        return prefix + ":requests:" + node;
    }

    private String key(String docId) {
        return prefix + ":owner:" + docId;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void start(Listener listener) {
        String mine = channel(nodeId);
        subscriptions.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String text) {
                if (!channel.equals(mine)) {
                    return;
                }
                Object m;
                try {
                    m = OwnerCodec.decode(text);
                } catch (RuntimeException e) {
                    log.warn("node {}: ignored a request: {}", nodeId, e.getMessage());
                    return;
                }
                if (m instanceof Forward f) {
                    listener.forwarded(f);
                } else if (m instanceof Reply r) {
                    listener.replied(r);
                }
            }
        });
        // Lettuce subscribes again by itself after a reconnect, as for the document channels.
        subscriptions.async().subscribe(mine);
        renewer.scheduleWithFixedDelay(this::renewAll, RENEW_MS, RENEW_MS, TimeUnit.MILLISECONDS);
    }

    private void renewAll() {
        for (String docId : interested) {
            claim(docId);
        }
    }

    private void claim(String docId) {
        commands.async()
                .<String>eval(CLAIM, ScriptOutputType.VALUE, new String[] {key(docId)}, nodeId, Long.toString(LEASE_MS))
                .thenAccept(holder -> seen(docId, holder))
                .exceptionally(e -> null); // Redis away: the holder ages out, this node commits itself
    }

    private void seen(String docId, String holder) {
        if (holder == null || !interested.contains(docId)) {
            return;
        }
        Seen before = holders.put(docId, new Seen(holder, System.nanoTime()));
        boolean was = before != null && before.nodeId().equals(nodeId);
        boolean is = holder.equals(nodeId);
        if (is && !was) {
            acquisitions.incrementAndGet();
            log.debug("node {}: took the lease of {}", nodeId, docId);
        } else if (was && !is) {
            losses.incrementAndGet();
            log.info("node {}: lost the lease of {} to {}", nodeId, docId, holder);
        }
    }

    @Override
    public void interested(String docId) {
        if (interested.add(docId)) {
            claim(docId);
        }
    }

    @Override
    public void notInterested(String docId) {
        interested.remove(docId);
        Seen s = holders.remove(docId);
        if (s != null && s.nodeId().equals(nodeId)) {
            commands.async()
                    .<Long>eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key(docId)}, nodeId)
                    .exceptionally(e -> null); // it expires by itself
        }
    }

    @Override
    public Optional<String> ownerElsewhere(String docId) {
        Seen s = holders.get(docId);
        long now = System.nanoTime();
        if (s == null || s.nodeId().equals(nodeId) || now - s.atNanos() > TimeUnit.MILLISECONDS.toNanos(LEASE_MS)) {
            return Optional.empty();
        }
        Long until = unresponsiveUntil.get(s.nodeId());
        if (until != null) {
            if (now - until < 0) {
                return Optional.empty();
            }
            unresponsiveUntil.remove(s.nodeId(), until);
        }
        return Optional.of(s.nodeId());
    }

    @Override
    public void forward(String node, Forward submission, Runnable undelivered) {
        commands.async().publish(channel(node), OwnerCodec.encode(submission)).whenComplete((receivers, e) -> {
            if (e != null || receivers == null || receivers == 0) {
                undelivered.run();
            }
        });
    }

    @Override
    public void reply(String node, Reply reply) {
        commands.async().publish(channel(node), OwnerCodec.encode(reply)).exceptionally(e -> null);
    }

    @Override
    public void unresponsive(String node) {
        if (unresponsiveUntil.put(node, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEASE_MS)) == null) {
            log.warn(
                    "node {}: node {} did not take or answer a forwarded op; committing here for {} ms",
                    nodeId,
                    node,
                    LEASE_MS);
        }
    }

    @Override
    public long acquisitions() {
        return acquisitions.get();
    }

    @Override
    public long losses() {
        return losses.get();
    }

    @Override
    public int owned() {
        return (int)
                holders.values().stream().filter(s -> s.nodeId().equals(nodeId)).count();
    }

    @Override
    public int ownedElsewhere() {
        return (int) holders.keySet().stream()
                .filter(d -> ownerElsewhere(d).isPresent())
                .count();
    }

    /** Stops renewing; the leases expire by themselves (the node's editors reconnect elsewhere). */
    void close() {
        renewer.shutdownNow();
    }
}
