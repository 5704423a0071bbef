package io.tracknow.web;

import io.r2dbc.pool.ConnectionPoolException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Renders every {@link ApiProblem} as {@code application/problem+json}, in every service. A database
 * that cannot be reached in time (no pooled connection within the acquire time, a statement or lock
 * timeout) is the caller's cue to retry later: 503 with {@code Retry-After}, never a hang or a bare 500.
 */
@RestControllerAdvice
public class ProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    /** How long a caller should wait before retrying a request the database could not serve. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> problem(ApiProblem problem) {
        return ResponseEntity.status(problem.status())
                .headers(problem.headers())
                .body(body(problem));
    }

    /** The RFC 9457 body of a problem, the same wherever it is written. */
    public static ProblemDetail body(ApiProblem problem) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        body.setType(problem.type());
        body.setTitle(problem.title());
        return body;
    }

    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        TransientDataAccessException.class,
        R2dbcTransientException.class,
        R2dbcNonTransientResourceException.class,
        ConnectionPoolException.class
    })
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        log.warn("database unavailable, answering 503: {}", e.toString());
        return problem(databaseUnavailable(RETRY_AFTER));
    }

    /** The problem a request gets when the database cannot serve it now. */
    public static ApiProblem databaseUnavailable(Duration retryAfter) {
        return ApiProblem.retryLater(
                "database-unavailable",
                "Service unavailable",
                "the database did not answer in time; retry later",
                retryAfter);
    }

    /**
     * True when the error, or any cause of it, says the database could not serve the request now: no
     * connection, a pool or statement timeout, a lock wait given up. Worth retrying later, not a bug.
     */
    public static boolean isDatabaseUnavailable(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof DataAccessResourceFailureException
                    || e instanceof TransientDataAccessException
                    || e instanceof R2dbcTransientException
                    || e instanceof R2dbcNonTransientResourceException
                    || e instanceof ConnectionPoolException) {
                return true;
            }
        }
        return false;
    }
}
