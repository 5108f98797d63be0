package dev.quire.client.examples;

import dev.quire.client.DocumentHandle;
import dev.quire.client.DocumentListener;
import dev.quire.client.QuireClient;
import dev.quire.ot.TextOperation;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Streams a UTF-8 text file into a live document: its lines are appended in batches of about
 * 16 KiB, each batch sent once the previous one is durable, so a large file never becomes one
 * message over the server's size limit, and editors see it arrive. Every line ends with
 * {@code \n} in the document. A dropped connection or a restarted server only delays it: the
 * client resends the batch in flight, and the server applies it once.
 *
 * <p>Run: {@code java FileImporter ws://localhost:8080/ws notes notes.txt} (with
 * {@code QUIRE_TOKEN} set when the server has authentication on).
 */
public final class FileImporter {
    private static final int BATCH_CHARS = 16 * 1024;

    private FileImporter() {}

    /** Appends {@code file} to the document; returns the version once all of it is durable. */
    public static int importFile(DocumentHandle document, Path file) throws IOException {
        CompletableFuture<Integer> previous = document.synced();
        StringBuilder batch = new StringBuilder();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                batch.append(line).append('\n');
                if (batch.length() >= BATCH_CHARS) {
                    previous.join();
                    previous = append(document, batch.toString());
                    batch.setLength(0);
                }
            }
        }
        if (batch.length() > 0) {
            previous.join();
            previous = append(document, batch.toString());
        }
        return previous.join();
    }

    private static CompletableFuture<Integer> append(DocumentHandle document, String text) {
        return document.edit(current -> TextOperation.insert(current.length(), text, current.length()));
    }

    public static void main(String[] args) throws Exception {
        QuireClient.Builder builder = QuireClient.builder().uri(args[0]).userName("importer");
        String token = System.getenv("QUIRE_TOKEN");
        if (token != null) {
            builder.token(token);
        }
        try (QuireClient quire = builder.build()) {
            DocumentHandle document =
                    quire.join(args[1], new DocumentListener() {}).join();
            int version = importFile(document, Path.of(args[2]));
            System.out.println("imported " + args[2] + " into " + args[1] + " at version " + version);
        }
    }
}
