package io.huiketang.chat;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The relay's limits and timings (huiketang.chat.*). */
@ConfigMapping(prefix = "huiketang.chat")
public interface ChatConfig {

    /** How long a membership key lives after its last join: a lost participant-left cannot keep someone in forever. */
    @WithDefault("PT24H")
    Duration membershipTtl();

    /** How often each replica checks the sessions of its connections for a revocation (logout). */
    @WithDefault("PT0.5S")
    Duration revocationCheckEvery();

    /** The largest text frame the relay reads (UTF-8 bytes); larger frames get an error frame. */
    @WithDefault("98304")
    int maxFrameBytes();

    /** Frames one connection may send per second (burst of one second's worth). */
    @WithDefault("20")
    int messagesPerSecond();

    /** Bytes one connection may send per second (burst of one second's worth). */
    @WithDefault("2097152")
    int bytesPerSecond();

    /** The largest picture, decoded, across its chunks. */
    @WithDefault("5242880")
    int pictureMaxBytes();

    /** Media types a picture may declare. */
    @WithDefault("image/jpeg,image/png,image/webp,image/gif")
    List<String> pictureTypes();

    /** Pictures one connection may be sending at once. */
    @WithDefault("4")
    int openPicturesPerConnection();

    /** Frames waiting to be written to one connection; one more and the connection is closed (a slow consumer). */
    @WithDefault("256")
    int sendQueue();
}
