package io.huiketang.chat.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client that upgrades and then reads nothing (a phone in a tunnel): the server's
 * writes back up in the TCP buffers. {@link #drainToClose()} reads afterwards what the server sent,
 * up to its close frame.
 */
public final class UnreadSocket implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    public UnreadSocket(URI uri, String token) throws IOException {
        socket = new Socket();
        // Before connecting, so that the window stays small: the server's writes back up after a few frames
        socket.setReceiveBufferSize(16 * 1024);
        socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
        String key = Base64.getEncoder().encodeToString("unread-socket-key".getBytes(StandardCharsets.US_ASCII)).substring(0, 22) + "==";
        String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + key
                + "\r\nAuthorization: Bearer " + token + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("closed during the upgrade: " + head);
            }
            head.write(b);
        }
        if (!head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + head);
        }
    }

    /** Reads every frame the server sent until its close frame; its close code (-1 when the TCP closed first). */
    public int drainToClose() throws IOException {
        socket.setSoTimeout(20_000);
        DataInputStream data = new DataInputStream(in);
        try {
            while (true) {
                int first = data.readUnsignedByte();
                int second = data.readUnsignedByte();
                long length = second & 0x7f;
                if (length == 126) {
                    length = data.readUnsignedShort();
                } else if (length == 127) {
                    length = data.readLong();
                }
                if ((first & 0x0f) == 0x8) {
                    return length >= 2 ? data.readUnsignedShort() : 1005;
                }
                data.skipNBytes(length);
            }
        } catch (EOFException e) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
