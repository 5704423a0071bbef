package io.tracknow.payment.collect.keys;

import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Bucket4j buckets kept in PostgreSQL, so that every replica counts against the same allowance: each
 * request reads the key's bucket state and writes the new state only if nobody changed it in between
 * (compare-and-swap; Bucket4j retries on a lost race). Reactive (R2DBC) through Bucket4j's async API, so a
 * request thread never blocks on it. One row per API key, a few dozen bytes.
 */
class PostgresBuckets extends AbstractCompareAndSwapBasedProxyManager<String> {

    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private final DatabaseClient db;

    PostgresBuckets(DatabaseClient db) {
        super(ClientSideConfig.getDefault());
        this.db = db;
    }

    @Override
    public boolean isAsyncModeSupported() {
        return true;
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
        return new AsyncCompareAndSwapOperation() {
            @Override
            public CompletableFuture<Optional<byte[]>> getStateData(Optional<Long> timeoutNanos) {
                return read(key).toFuture();
            }

            @Override
            public CompletableFuture<Boolean> compareAndSwap(
                    byte[] originalData, byte[] newData, RemoteBucketState newState, Optional<Long> timeoutNanos) {
                return swap(key, originalData, newData).toFuture();
            }
        };
    }

    /** The blocking API is not used by the payments API; it is here because Bucket4j asks for it. */
    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
        return new CompareAndSwapOperation() {
            @Override
            public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
                return read(key).block(PATIENCE);
            }

            @Override
            public boolean compareAndSwap(
                    byte[] originalData, byte[] newData, RemoteBucketState newState, Optional<Long> timeoutNanos) {
                return Boolean.TRUE.equals(swap(key, originalData, newData).block(PATIENCE));
            }
        };
    }

    @Override
    public void removeProxy(String key) {
        removeAsync(key).join();
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String key) {
        return db.sql("DELETE FROM collect_rate_buckets WHERE bucket_key = :key")
                .bind("key", key)
                .fetch()
                .rowsUpdated()
                .then()
                .toFuture();
    }

    private Mono<Optional<byte[]>> read(String key) {
        return db.sql("SELECT state FROM collect_rate_buckets WHERE bucket_key = :key")
                .bind("key", key)
                .map(row -> bytes(row.get("state")))
                .one()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    private Mono<Boolean> swap(String key, byte[] originalData, byte[] newData) {
        DatabaseClient.GenericExecuteSpec statement = originalData == null
                ? db.sql(
                        "INSERT INTO collect_rate_buckets (bucket_key, state) VALUES (:key, :state) ON CONFLICT DO NOTHING")
                : db.sql("UPDATE collect_rate_buckets SET state = :state WHERE bucket_key = :key AND state = :original")
                        .bind("original", ByteBuffer.wrap(originalData));
        return statement
                .bind("key", key)
                .bind("state", ByteBuffer.wrap(newData))
                .fetch()
                .rowsUpdated()
                .map(n -> n == 1);
    }

    private static byte[] bytes(Object value) {
        if (value instanceof ByteBuffer buffer) {
            byte[] copy = new byte[buffer.remaining()];
            buffer.duplicate().get(copy);
            return copy;
        }
        return (byte[]) value;
    }
}
