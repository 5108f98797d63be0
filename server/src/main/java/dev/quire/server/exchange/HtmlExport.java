package dev.quire.server.exchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * A document rendered as Markdown to one standalone HTML page (CommonMark, by commonmark-java),
 * with a small stylesheet of its own and nothing to load. HTML written in the document is
 * escaped, not passed through, and link and image URLs are sanitised (a {@code javascript:} link
 * loses its URL): a document cannot put a script into its export. Thread-safe.
 */
final class HtmlExport {
    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER =
            HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
    private static final String STYLE = "body{font:16px/1.6 system-ui,sans-serif;max-width:46rem;margin:2rem auto;"
            + "padding:0 1rem;color:#1d2330}pre,code{font-family:ui-monospace,Menlo,Consolas,monospace;"
            + "background:#f4f5f7;border-radius:4px}pre{padding:.8rem;overflow:auto}code{padding:0 .2em}"
            + "blockquote{margin:0;padding-left:1rem;border-left:3px solid #d0d5dd;color:#475467}"
            + "img{max-width:100%}@media (prefers-color-scheme:dark){body{background:#12151c;color:#e4e7ec}"
            + "pre,code{background:#1f2430}}";

    private HtmlExport() {}

    /** Writes the page for the document {@code id} whose text is {@code markdown}. */
    static void write(String id, String markdown, OutputStream out) throws IOException {
        StringBuilder page = new StringBuilder(markdown.length() + 1024)
                .append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>")
                .append(escape(id))
                .append("</title>\n<style>")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n<main>\n");
        RENDERER.render(PARSER.parse(markdown), page);
        page.append("</main>\n</body>\n</html>\n");
        out.write(page.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
