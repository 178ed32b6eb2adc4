package io.huiketang.meeting.history;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Writes RFC 4180 CSV in UTF-8, opened by a byte order mark so spreadsheet programs read Chinese
 * text as UTF-8. A cell a spreadsheet would take for a formula (starting with =, +, -, @, tab or
 * carriage return) is prefixed with an apostrophe: a topic or a name is data, never a formula.
 */
public final class CsvWriter implements AutoCloseable {

    static final char BOM = '\uFEFF';
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Writer out;
    private final ZoneId zone;

    public CsvWriter(OutputStream stream, ZoneId zone) throws IOException {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 16 * 1024);
        this.zone = zone;
        out.write(BOM);
    }

    public void row(Object... cells) throws IOException {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells[i]));
        }
        out.write("\r\n");
    }

    /** Times are local times of the zone, in a form spreadsheet programs recognise as a date and time. */
    String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof Instant instant ? TIME.format(instant.atZone(zone)) : value.toString();
        return quote(neutralise(text));
    }

    static String neutralise(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    static String quote(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    /** Flushes what is buffered; the response stream itself is closed by the server. */
    @Override
    public void close() throws IOException {
        out.flush();
    }
}
