package io.tracknow.attribution.access;

import io.tracknow.web.ApiProblem;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/** The checks every management request shares, each failing with a 400 "invalid-request" problem. */
public final class Invalid {

    /** Ids, codes and creator ids: letters, digits, '_', '-', '.', '@'; no spaces inside. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_.@-]+");

    private Invalid() {}

    public static ApiProblem request(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
    }

    public static String required(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw request(field + " is required");
        }
        String trimmed = value.trim();
        if (trimmed.length() > maxLength) {
            throw request(field + " must be at most " + maxLength + " characters");
        }
        return trimmed;
    }

    public static String optional(String value, String field, int maxLength) {
        return value == null || value.isBlank() ? null : required(value, field, maxLength);
    }

    public static String identifier(String value, String field, int minLength, int maxLength) {
        String trimmed = required(value, field, maxLength);
        if (trimmed.length() < minLength || !IDENTIFIER.matcher(trimmed).matches()) {
            throw request(field + " must be " + minLength + " to " + maxLength
                    + " letters, digits or _ . @ - without spaces, got '" + trimmed + "'");
        }
        return trimmed;
    }
}
