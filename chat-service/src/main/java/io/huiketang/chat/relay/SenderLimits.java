package io.huiketang.chat.relay;

/**
 * Frames and bytes one connection may send: two token buckets refilled continuously, each holding at
 * most one second's worth. Not thread-safe: a connection's frames arrive on its own context, in order.
 */
final class SenderLimits {

    private final double messagesPerSecond;
    private final double bytesPerSecond;
    private double messages;
    private double bytes;
    private long lastNanos;

    SenderLimits(int messagesPerSecond, int bytesPerSecond, long nowNanos) {
        this.messagesPerSecond = messagesPerSecond;
        this.bytesPerSecond = bytesPerSecond;
        this.messages = messagesPerSecond;
        this.bytes = bytesPerSecond;
        this.lastNanos = nowNanos;
    }

    /** Which limit a frame of {@code size} bytes sent now would break; null when it may pass (and is counted). */
    String take(int size, long nowNanos) {
        double seconds = Math.max(0, nowNanos - lastNanos) / 1e9;
        lastNanos = nowNanos;
        messages = Math.min(messagesPerSecond, messages + seconds * messagesPerSecond);
        bytes = Math.min(bytesPerSecond, bytes + seconds * bytesPerSecond);
        if (messages < 1) {
            return "messages-per-second";
        }
        if (bytes < size) {
            return "bytes-per-second";
        }
        messages -= 1;
        bytes -= size;
        return null;
    }
}
