package dev.quire.server.cluster.redis;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which nodes are alive, as Redis sees it: this node's key {@code <prefix>:node:<nodeId>} is set
 * with an expiry of {@value RedisBus#NODE_TTL_MS} ms every {@value RedisBus#REFRESH_MS} ms (thread
 * {@code quire-bus-liveness}); the nodes heard of on the bus are checked at the same pace, and a
 * node whose key is missing {@value #MISSES} times in a row is reported gone. One miss is not
 * enough: right after a Redis restart every key is missing until its node refreshes it.
 *
 * <p>Thread-safe.
 */
final class NodeLiveness implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeLiveness.class);
    static final int MISSES = 3;

    private final StatefulRedisConnection<String, String> redis;
    private final String prefix;
    private final String nodeId;
    private final Consumer<Set<String>> gone;
    private final Runnable afterRefresh;
    /** Other nodes heard of, with how many checks in a row found their key missing. */
    private final Map<String, Integer> others = new ConcurrentHashMap<>();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "quire-bus-liveness");
        t.setDaemon(true);
        return t;
    });
    private boolean failing;

    /** {@code afterRefresh} runs on this thread after each successful refresh of the node's key. */
    NodeLiveness(
            StatefulRedisConnection<String, String> redis,
            String prefix,
            String nodeId,
            Consumer<Set<String>> gone,
            Runnable afterRefresh) {
        this.afterRefresh = afterRefresh;
        this.redis = redis;
        this.prefix = prefix;
        this.nodeId = nodeId;
        this.gone = gone;
    }

    String key(String node) {
        return prefix + ":node:" + node;
    }

    void start() {
        refresh();
        timer.scheduleWithFixedDelay(this::tick, RedisBus.REFRESH_MS, RedisBus.REFRESH_MS, TimeUnit.MILLISECONDS);
    }

    /** A node published something: it is watched from now on. */
    void heardOf(String node) {
        others.putIfAbsent(node, 0);
    }

    private void refresh() {
        redis.sync()
                .set(key(nodeId), String.valueOf(System.currentTimeMillis()), SetArgs.Builder.px(RedisBus.NODE_TTL_MS));
    }

    private void tick() {
        try {
            refresh();
            afterRefresh.run();
            Set<String> dead = new HashSet<>();
            for (String node : others.keySet()) {
                if (redis.sync().exists(key(node)) > 0) {
                    others.put(node, 0);
                } else if (others.merge(node, 1, Integer::sum) >= MISSES) {
                    others.remove(node);
                    dead.add(node);
                }
            }
            if (failing) {
                failing = false;
                log.info("bus: node liveness works again");
            }
            if (!dead.isEmpty()) {
                log.info("bus: node(s) {} stopped refreshing their key; their editors are gone", dead);
                gone.accept(dead);
            }
        } catch (RuntimeException e) {
            // Redis is away: nobody can tell who is alive; nothing is declared gone meanwhile.
            if (!failing) {
                failing = true;
                log.warn("bus: cannot refresh node liveness ({})", e.toString());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
