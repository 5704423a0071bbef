package io.tracknow.gateway.intake;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import io.r2dbc.pool.ConnectionPoolException;
import io.tracknow.messaging.web.ApiProblem;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.Map;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;

/**
 * Turns an error that is not already a problem answer into one, so that every delivery is answered
 * with a problem, counted and written to the webhook log with a reason. A number in the payload that
 * no date or long can hold (a timestamp in the year 3 000 000, an amount whose sum overflows) is the
 * sender's mistake: 400, retrying it cannot help. The database being unreachable is ours and passes:
 * 503 with Retry-After, so the sender retries. Anything else is a bug: 500.
 */
final class Unexpected {

    private Unexpected() {
    }

    static ApiProblem problem(Throwable error, Duration retryAfter) {
        if (error instanceof ApiProblem problem) {
            return problem;
        }
        if (error instanceof DateTimeException || error instanceof ArithmeticException) {
            return new InvalidWebhookException("a number in the payload is out of range (a date or an amount too large"
                    + " to represent): " + error.getMessage());
        }
        if (databaseUnavailable(error)) {
            return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Try again later",
                    "the gateway's database is not reachable; retry later",
                    Map.of("Retry-After", Long.toString(retryAfter.toSeconds())));
        }
        return new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "the gateway could not process this delivery");
    }

    /** True for a connection failure, a pool timeout or another transient database error, at any depth. */
    static boolean databaseUnavailable(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof DataAccessResourceFailureException || e instanceof TransientDataAccessException
                    || e instanceof R2dbcTransientException || e instanceof R2dbcNonTransientResourceException
                    || e instanceof ConnectionPoolException) {
                return true;
            }
        }
        return false;
    }
}
