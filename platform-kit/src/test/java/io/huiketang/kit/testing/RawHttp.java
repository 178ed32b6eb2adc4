package io.huiketang.kit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 written byte by byte on a socket: for requests that HTTP clients refuse to send (an
 * over-long request line, thousands of headers, a Content-Length that is not a number).
 */
public final class RawHttp {

    /** What came back: the status line's code, the header block and the body, as text. */
    public record Answer(int status, String head, String body) {

        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        public boolean isProblem() {
            String type = header("Content-Type");
            return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/problem+json");
        }
    }

    private RawHttp() {
    }

    /** Sends {@code request} as it is (CRLFs included) to the base URL's host and port and reads until the server closes. */
    public static Answer send(URL base, String request) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0;) {
                    read.write(buffer, 0, n);
                    if (complete(read.toString(StandardCharsets.UTF_8))) {
                        break;
                    }
                }
            } catch (SocketTimeoutException | java.net.SocketException stopped) {
                // what arrived is the answer
            }
            return parse(read.toString(StandardCharsets.UTF_8));
        }
    }

    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String length = parse(text).header("Content-Length");
        return length != null && text.length() - end - 4 >= Integer.parseInt(length.trim());
    }

    private static Answer parse(String text) {
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        int status = 0;
        String[] statusLine = head.split("\r\n", 2)[0].split(" ");
        if (statusLine.length > 1 && statusLine[1].matches("\\d{3}")) {
            status = Integer.parseInt(statusLine[1]);
        }
        return new Answer(status, head, body);
    }
}
