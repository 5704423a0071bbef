package io.tracknow.gateway.intake;

import io.tracknow.web.ApiProblem;
import io.tracknow.web.ProblemAdvice;
import java.time.DateTimeException;
import java.time.Duration;
import org.springframework.http.HttpStatus;

/**
 * Turns an error that is not already a problem answer into one, so that every delivery is answered
 * with a problem, counted and written to the webhook log with a reason. A number in the payload that
 * no date or long can hold (a timestamp in the year 3 000 000, an amount whose sum overflows) is the
 * sender's mistake: 400, retrying it cannot help. The database being unreachable is ours and passes:
 * 503 with Retry-After, so the sender retries. Anything else is a bug: 500.
 */
final class Unexpected {

    private Unexpected() {}

    static ApiProblem problem(Throwable error, Duration retryAfter) {
        if (error instanceof ApiProblem problem) {
            return problem;
        }
        if (error instanceof DateTimeException || error instanceof ArithmeticException) {
            return new InvalidWebhookException("a number in the payload is out of range (a date or an amount too large"
                    + " to represent): " + error.getMessage());
        }
        if (ProblemAdvice.isDatabaseUnavailable(error)) {
            return ProblemAdvice.databaseUnavailable(retryAfter);
        }
        return new ApiProblem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Internal error",
                "the gateway could not process this delivery");
    }
}
