package io.huiketang.kit.inbox;

import io.huiketang.kit.events.ConsumedEvent;

/**
 * Applies events of one topic to this service's state. Implementations are CDI beans; platform-kit
 * consumes the topic, records each event in the inbox and calls {@link #handle} in the same
 * transaction, so an event is applied at most once however often Kafka delivers it.
 */
public interface EventHandler {

    /** The topic to consume. */
    String topic();

    /** False when this instance has nothing to do with the topic (the handler is then not subscribed). */
    default boolean active() {
        return true;
    }

    /**
     * Applies one event (ignore types you do not handle). Throwing rolls the transaction back; the
     * event is retried a bounded number of times, then sent to the dead-letter topic.
     */
    void handle(ConsumedEvent event) throws Exception;
}
