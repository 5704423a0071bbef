package io.tracknow.messaging.web;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Renders every {@link ApiProblem} as {@code application/problem+json}, in every service. */
@RestControllerAdvice
public class ProblemAdvice {

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> problem(ApiProblem problem) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
        body.setType(problem.type());
        body.setTitle(problem.title());
        return ResponseEntity.status(problem.status()).headers(problem.headers()).body(body);
    }
}
