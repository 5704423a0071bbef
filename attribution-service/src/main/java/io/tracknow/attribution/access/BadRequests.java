package io.tracknow.attribution.access;

import io.tracknow.web.ApiProblem;
import io.tracknow.web.ProblemAdvice;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * A body that is not JSON, or not the JSON a handler expects, is a 400 "invalid-request" problem
 * like every other validation error of this service, not the framework's untyped one.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(basePackages = "io.tracknow.attribution")
class BadRequests {

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> unreadable(ServerWebInputException e) {
        ApiProblem problem =
                Invalid.request("the request body is not valid JSON of the expected shape: " + e.getReason());
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(ProblemAdvice.body(problem));
    }
}
