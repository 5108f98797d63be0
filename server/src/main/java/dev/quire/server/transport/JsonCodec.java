package dev.quire.server.transport;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.quire.ot.TextOperation;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import java.io.IOException;

/**
 * Protocol v1 in JSON, both directions: the one codec of the server, the load generator and the
 * tests.
 *
 * <pre>
 *              server                              client (bench, tests)
 *   decode(text)  -> ClientMessage       encodeClient(ClientMessage) -> text
 *   encode(ServerMessage) -> text        decodeServer(text) -> ServerMessage  (streaming)
 * </pre>
 *
 * <p>Each direction has its reader and writer ({@link ClientMessageReader},
 * {@link ServerMessageWriter}, {@link ServerMessageReader}, {@link ClientMessageWriter}); they
 * share the op, selection and user pieces ({@link JsonParts}) and one Jackson factory, whose
 * {@link StreamReadConstraints} bound nesting, number, name and string lengths. Decoding throws {@link ProtocolException} with the stable code of
 * the first problem found (and, on the server's side, the doc and seq when they were readable).
 * Thread-safe.
 */
public final class JsonCodec {
    static final int MAX_NESTING = 16;
    static final int MAX_NUMBER_LENGTH = 32;
    static final int MAX_NAME_LENGTH = 256;

    private final ObjectMapper mapper;
    private final ClientMessageReader clientReader;
    private final ServerMessageWriter serverWriter;
    private final ServerMessageReader serverReader;
    private final ClientMessageWriter clientWriter;

    /**
     * The client side's codec (load generator, tests): it reads server messages, whose strings
     * (a document's content) have no limit but the document size.
     */
    public JsonCodec() {
        this(Integer.MAX_VALUE);
    }

    /**
     * The server's codec: no string longer than {@code maxStringLength} (the message limit, in
     * UTF-8 bytes, which bounds a string's characters too). Nesting is bounded at
     * {@value #MAX_NESTING} (a valid message nests 3 deep: message, selection, range), numbers at
     * {@value #MAX_NUMBER_LENGTH} characters (a long has at most 20), field names at
     * {@value #MAX_NAME_LENGTH}. A message breaking one is {@code malformed-message}.
     */
    public JsonCodec(int maxStringLength) {
        mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .maxStringLength(maxStringLength)
                        .build());
        clientReader = new ClientMessageReader(mapper);
        serverWriter = new ServerMessageWriter(mapper.getFactory(), maxStringLength);
        serverReader = new ServerMessageReader(mapper.getFactory());
        clientWriter = new ClientMessageWriter(mapper.getFactory());
    }

    /** The mapper, for the REST handlers in this package. */
    ObjectMapper mapper() {
        return mapper;
    }

    /** Server side: parses and checks one text frame from a client. */
    public ClientMessage decode(String text) {
        return clientReader.read(text);
    }

    /** Server side: the JSON text of a server message. */
    public String encode(ServerMessage message) {
        return serverWriter.write(message);
    }

    /** Client side: reads one text frame from the server, streaming. */
    public ServerMessage decodeServer(String text) {
        return serverReader.read(text);
    }

    /** Client side: the JSON text of a client message. */
    public String encodeClient(ClientMessage message) {
        return clientWriter.write(message);
    }

    /** Parses the JSON form of an op (read as a tree), passing numbers and strings on to ot-core's checks. */
    public static TextOperation parseOp(ArrayNode array) {
        return JsonParts.parseOp(array);
    }

    /** Writes the JSON form of an op. */
    static void writeOp(JsonGenerator g, TextOperation op) throws IOException {
        JsonParts.writeOp(g, op);
    }

    static String abbreviate(String s) {
        return JsonParts.abbreviate(s);
    }
}
