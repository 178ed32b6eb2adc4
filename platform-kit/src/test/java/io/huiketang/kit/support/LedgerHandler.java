package io.huiketang.kit.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.agroal.api.AgroalDataSource;
import io.huiketang.kit.events.ConsumedEvent;
import io.huiketang.kit.inbox.EventHandler;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * Applies test events to {@code kit_test_ledger}; refuses those marked {@code fail}, and throws an
 * {@link Error} for those whose subject is {@value #THROWS_ERROR} (a bug in a handler).
 */
@ApplicationScoped
public class LedgerHandler implements EventHandler {

    /** How often each event id reached the handler, retries included. */
    public static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    /** The span current while the handler applied each event id (the tracing tests compare it). */
    public static final Map<String, SpanContext> SPAN_OF = new ConcurrentHashMap<>();

    public static final String THROWS_ERROR = "throws-error";

    private final AgroalDataSource dataSource;

    LedgerHandler(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String topic() {
        return Thing.TOPIC;
    }

    @Override
    public void handle(ConsumedEvent event) throws Exception {
        if (!Thing.TYPE.equals(event.type())) {
            return;
        }
        ATTEMPTS.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
        SPAN_OF.put(event.id(), Span.current().getSpanContext());
        Thing thing = event.dataAs(Thing.class);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO kit_test_ledger (event_id, aggregate, seq, subject_id) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, event.id());
            insert.setString(2, thing.aggregate());
            insert.setInt(3, thing.seq());
            insert.setString(4, thing.subjectId());
            insert.executeUpdate();
        }
        if (THROWS_ERROR.equals(thing.subjectId())) {
            throw new AssertionError("a handler bug, thrown by test");
        }
        if (thing.fail()) {
            // After the insert, so the test also proves the failed attempt's write is rolled back
            throw new IllegalStateException("refused by test");
        }
    }
}
