package dev.quire.ot.testing;

import dev.quire.ot.TextOperation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The real editing traces of {@code ../shared/traces} (format in its README): Joseph Gentle's
 * editing-traces (CC BY 4.0) and Martin Kleppmann's automerge-perf (MIT). They are used in place,
 * never copied into the repository.
 *
 * <p>The folder is {@code -Dquire.traces} (the ot-core pom sets it to
 * {@code ${maven.multiModuleProjectDirectory}/../shared/traces}) or else
 * {@code ../shared/traces} beside the repository root ({@code ${basedir}/../../shared/traces}).
 */
public final class Traces {
    /** The flat traces, smallest (by patch count) first. */
    public static final List<String> FLAT = List.of(
            "sveltecomponent", "clownschool_flat", "friendsforever_flat", "rustcode", "seph-blog1", "automerge-paper");

    private Traces() {}

    /** One patch: at {@code position}, delete {@code delete} characters, then insert {@code insert}. */
    public record Patch(int position, int delete, String insert) {}

    /** One transaction; {@code agent} and {@code parents} only in concurrent traces (else -1, []). */
    public record Txn(int agent, int[] parents, List<Patch> patches) {}

    /** A whole trace. */
    public record Trace(String name, String endContent, List<Txn> txns) {
        /** Every patch of every transaction, in order. */
        public List<Patch> patches() {
            List<Patch> all = new ArrayList<>();
            for (Txn t : txns) {
                all.addAll(t.patches());
            }
            return all;
        }

        /**
         * Each patch as the operation {@code retain(position).delete(n).insert(s).retain(rest)} on the
         * document as it stands. Positions in the files count code points; the traces have no
         * character outside the BMP (checked here), so they are UTF-16 offsets too.
         */
        public List<TextOperation> operations() {
            List<Patch> patches = patches();
            List<TextOperation> ops = new ArrayList<>(patches.size());
            int length = 0;
            for (Patch p : patches) {
                checkBmp(p.insert());
                TextOperation op = TextOperation.builder()
                        .retain(p.position())
                        .delete(p.delete())
                        .insert(p.insert())
                        .retain(length - p.position() - p.delete())
                        .build();
                ops.add(op);
                length = op.targetLength();
            }
            return ops;
        }
    }

    static void checkBmp(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                throw new IllegalStateException("trace text has a character outside the BMP: positions "
                        + "would need converting from code points to UTF-16 units");
            }
        }
    }

    /** The traces folder, if it exists. */
    public static Optional<Path> folder() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("quire.traces");
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        candidates.add(Path.of(System.getProperty("basedir", "."), "..", "..", "shared", "traces"));
        candidates.add(Path.of("..", "shared", "traces"));
        return candidates.stream()
                .map(Path::normalize)
                .filter(Files::isDirectory)
                .findFirst();
    }

    /** Loads {@code name} ({@code automerge-paper}, {@code concurrent/friendsforever}...). */
    @SuppressWarnings("unchecked")
    public static Trace load(Path folder, String name) throws IOException {
        String text;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(folder.resolve(name + ".json.gz")))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Object> json = (Map<String, Object>) Json.parse(text);
        List<Txn> txns = new ArrayList<>();
        for (Object o : (List<Object>) json.get("txns")) {
            Map<String, Object> t = (Map<String, Object>) o;
            List<Patch> patches = new ArrayList<>();
            for (Object p : (List<Object>) t.get("patches")) {
                List<Object> patch = (List<Object>) p;
                patches.add(new Patch(
                        ((Number) patch.get(0)).intValue(), ((Number) patch.get(1)).intValue(), (String) patch.get(2)));
            }
            List<Object> parents = (List<Object>) t.getOrDefault("parents", List.of());
            int[] parentIndexes =
                    parents.stream().mapToInt(n -> ((Number) n).intValue()).toArray();
            Object agent = t.get("agent");
            txns.add(new Txn(agent == null ? -1 : ((Number) agent).intValue(), parentIndexes, patches));
        }
        return new Trace(name, (String) json.get("endContent"), txns);
    }
}
