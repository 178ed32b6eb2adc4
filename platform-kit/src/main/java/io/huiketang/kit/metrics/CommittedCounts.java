package io.huiketang.kit.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import io.micrometer.core.instrument.Counter;

/**
 * Counts a business event once its transaction commits, never for a change that rolled back (a
 * registration refused halfway, a join whose meeting ended meanwhile); outside a transaction at once.
 */
@ApplicationScoped
public class CommittedCounts {

    private final TransactionSynchronizationRegistry transactions;

    CommittedCounts(TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
    }

    public void increment(Counter counter) {
        add(counter, 1);
    }

    public void add(Counter counter, double amount) {
        if (transactions.getTransactionKey() == null) {
            counter.increment(amount);
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    counter.increment(amount);
                }
            }
        });
    }
}
