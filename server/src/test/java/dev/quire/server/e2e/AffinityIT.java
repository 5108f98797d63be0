package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.server.storage.OpRecord;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Document affinity (decision 051): Debian's nginx in front of two server processes on one real
 * PostgreSQL database and a real Redis, configured as {@code docs/operations.md}'s "Document
 * affinity" says — {@code hash} on the document of the URL ({@code /ws?doc=…},
 * {@code /api/docs/{id}…}), {@code consistent}. Every editor of a document lands on one node, which
 * owns the document: nothing is forwarded, no node holds an editor of a document another owns, no
 * conflict. {@code kill -9} of a node mid-edit moves its documents' editors, reconnecting through
 * nginx, to the other node, where they carry on; every acknowledged op is in the log once.
 */
class AffinityIT {
    private static final String NGINX = System.getProperty("quire.test.nginx", "/usr/sbin/nginx");

    @RegisterExtension
    static final SharedStore shared = new SharedStore();

    @TempDir
    Path dir;

    private ServerProcess a;
    private ServerProcess b;
    private Process nginx;
    private int nginxPort;
    private final List<ResumingEditor> editors = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        a = node("node-a");
        b = node("node-b");
        nginx = startNginx();
    }

    @AfterEach
    void stop() throws Exception {
        editors.forEach(ResumingEditor::close);
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
        a.process.destroyForcibly();
        b.process.destroyForcibly();
    }

    private ServerProcess node(String nodeId) throws Exception {
        List<String> args = new ArrayList<>(List.of(shared.processArgs(nodeId, TwoNodes.REDIS)));
        args.addAll(List.of("--max-connections-per-ip", "0"));
        return ServerProcess.start(
                dir.resolve(nodeId), List.of("-Xmx256m"), "dev.quire.server.Main", args.toArray(String[]::new));
    }

    /** The configuration of docs/operations.md's "Document affinity", on loopback ports. */
    private String nginxConf(Path prefixDir) {
        String p = prefixDir.toString();
        return """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 256; }
                http {
                  access_log %1$s/access.log;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  map $request_uri $quire_doc {
                    ~^/api/docs/(?<id>[^/?]+) $id;
                    default $arg_doc;
                  }
                  upstream quire {
                    hash $quire_doc consistent;
                    server 127.0.0.1:%2$d max_fails=1 fail_timeout=5s;
                    server 127.0.0.1:%3$d max_fails=1 fail_timeout=5s;
                  }
                  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                  server {
                    listen 127.0.0.1:%4$d;
                    proxy_http_version 1.1;
                    proxy_next_upstream error timeout http_502 http_503;
                    proxy_connect_timeout 2s;
                    location /ws {
                      proxy_pass http://quire;
                      proxy_set_header Host $http_host;
                      proxy_set_header Upgrade $http_upgrade;
                      proxy_set_header Connection $connection_upgrade;
                      proxy_read_timeout 300s;
                      proxy_send_timeout 300s;
                    }
                    location / {
                      proxy_pass http://quire;
                      proxy_set_header Host $http_host;
                    }
                  }
                }
                """.formatted(p, a.port, b.port, nginxPort);
    }

    private Process startNginx() throws Exception {
        assertTrue(Files.isExecutable(Path.of(NGINX)), NGINX + " is not installed (apt-get install nginx)");
        Path prefixDir = Files.createDirectories(dir.resolve("nginx"));
        try (ServerSocket s = new ServerSocket(0)) {
            nginxPort = s.getLocalPort();
        }
        Path conf = prefixDir.resolve("nginx.conf");
        Files.writeString(conf, nginxConf(prefixDir));
        Process p = new ProcessBuilder(
                        NGINX,
                        "-p",
                        prefixDir.toString(),
                        "-c",
                        conf.toString(),
                        "-e",
                        prefixDir.resolve("error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(prefixDir.resolve("out.log").toFile())
                .start();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> Http.get(nginxPort, "/health").status() == 200);
        return p;
    }

    private URI wsFor(String docId) {
        return URI.create(
                "ws://127.0.0.1:" + nginxPort + "/ws?doc=" + URLEncoder.encode(docId, StandardCharsets.UTF_8));
    }

    private static long metric(ServerProcess node, String series) throws Exception {
        return Scrape.of(node.port).count(series);
    }

    /** The node nginx sends {@code docId}'s editors to: a probe connection, counted by each node. */
    private ServerProcess nodeOf(String docId) throws Exception {
        long before = metric(a, "quire_connections");
        long beforeB = metric(b, "quire_connections");
        WsClient probe = WsClient.connect(wsFor(docId));
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() ->
                            metric(a, "quire_connections") + metric(b, "quire_connections") == before + beforeB + 1);
            return metric(a, "quire_connections") == before + 1 ? a : b;
        } finally {
            probe.close();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> metric(a, "quire_connections") + metric(b, "quire_connections") == before + beforeB);
        }
    }

    /** Two document ids nginx routes to node a and two to node b, in that order. */
    private Map<String, ServerProcess> twoDocumentsEach() throws Exception {
        Map<String, ServerProcess> docs = new LinkedHashMap<>();
        int onA = 0;
        int onB = 0;
        for (int i = 0; (onA < 2 || onB < 2) && i < 200; i++) {
            String docId = "affinity-" + i;
            ServerProcess n = nodeOf(docId);
            if (n == a && onA < 2) {
                docs.put(docId, a);
                onA++;
            } else if (n == b && onB < 2) {
                docs.put(docId, b);
                onB++;
            }
        }
        assertEquals(4, docs.size(), "nginx spread 200 document ids over both nodes");
        return docs;
    }

    private static void type(List<ResumingEditor> editors, Random random, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            for (ResumingEditor e : editors) {
                e.pump();
                e.edit(random);
            }
            Thread.sleep(3);
        }
    }

    /** Three editors per document, all through nginx. */
    private Map<String, List<ResumingEditor>> open(Map<String, ServerProcess> docs) throws Exception {
        Map<String, List<ResumingEditor>> byDoc = new LinkedHashMap<>();
        for (String docId : docs.keySet()) {
            List<ResumingEditor> list = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                list.add(new ResumingEditor(wsFor(docId), docId, "session-" + docId + "-" + i));
            }
            byDoc.put(docId, list);
            editors.addAll(list);
        }
        return byDoc;
    }

    /** Every editor of the document holds the text that GET (through nginx) and the op log give. */
    private void check(String docId, List<ResumingEditor> docEditors) throws Exception {
        TwoNodes.settle(docEditors, 60);
        String text = docEditors.get(0).text();
        for (ResumingEditor e : docEditors) {
            assertEquals(text, e.text(), e.session);
        }
        assertEquals(
                text,
                Http.get(nginxPort, "/api/docs/" + docId).json().get("content").asText());
        List<OpRecord> log = shared.opLog(docId);
        assertEquals(docEditors.get(0).version(), log.size());
        assertEquals(text, TwoNodes.checkOpLog(log, docEditors));
    }

    @Test
    void aDocumentsEditorsMeetOnOneNodeWhichOwnsIt() throws Exception {
        Map<String, ServerProcess> docs = twoDocumentsEach();
        Map<String, List<ResumingEditor>> byDoc = open(docs);
        assertEquals(6, metric(a, "quire_connections"));
        assertEquals(6, metric(b, "quire_connections"));
        type(editors, new Random(23), 3000);
        for (Map.Entry<String, List<ResumingEditor>> e : byDoc.entrySet()) {
            check(e.getKey(), e.getValue());
        }
        for (ServerProcess n : List.of(a, b)) {
            assertEquals(2, metric(n, "quire_leases_owned"));
            assertEquals(0, metric(n, "quire_leases_elsewhere"));
            assertEquals(0, metric(n, "quire_forwarded_total{event=\"sent\"}"));
            assertEquals(0, metric(n, "quire_conflicts_total{outcome=\"transformed\"}"));
            assertEquals(0, metric(n, "quire_conflicts_total{outcome=\"reloaded\"}"));
        }
        long committed = 0;
        for (String docId : docs.keySet()) {
            committed += shared.opLog(docId).size();
        }
        assertEquals(committed, metric(a, "quire_ops_committed_total") + metric(b, "quire_ops_committed_total"));
    }

    @Test
    void aKilledNodesEditorsReconnectThroughNginxToTheOther() throws Exception {
        Map<String, ServerProcess> docs = twoDocumentsEach();
        Map<String, List<ResumingEditor>> byDoc = open(docs);
        Random random = new Random(29);
        type(editors, random, 1500);
        a.process.destroyForcibly();
        a.process.waitFor(30, TimeUnit.SECONDS);
        for (Map.Entry<String, List<ResumingEditor>> e : byDoc.entrySet()) {
            if (docs.get(e.getKey()) == a) {
                for (ResumingEditor editor : e.getValue()) {
                    editor.reconnect(wsFor(e.getKey()));
                }
            }
        }
        assertEquals(12, metric(b, "quire_connections"), "every editor is on node b");
        type(editors, random, 2000);
        for (Map.Entry<String, List<ResumingEditor>> e : byDoc.entrySet()) {
            check(e.getKey(), e.getValue());
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> metric(b, "quire_leases_owned") == 4);
        assertEquals(0, metric(b, "quire_leases_elsewhere"));
    }
}
