package io.tracknow.gateway.intake;

import io.tracknow.web.ApiProblem;
import org.springframework.http.HttpStatus;

/** A webhook body that is not valid JSON or lacks a required field: 400, nothing published. */
public class InvalidWebhookException extends ApiProblem {

    public InvalidWebhookException(String detail) {
        super(HttpStatus.BAD_REQUEST, "invalid-payload", "Invalid webhook payload", detail);
    }
}
