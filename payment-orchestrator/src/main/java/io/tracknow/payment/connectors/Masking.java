package io.tracknow.payment.connectors;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Payloads go into the journal with secrets masked: every value of a field whose name says it is a
 * credential (key, secret, password, token, pin, authorization) and every known secret value, wherever
 * it appears.
 */
final class Masking {

    private static final Pattern SECRET_FIELD = Pattern.compile(
            "(\"[A-Za-z_\\-]*(?i:key|secret|password|token|pin|authorization)[A-Za-z_\\-]*\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");

    private Masking() {}

    static String mask(String payload, Collection<String> secrets) {
        if (payload == null) {
            return null;
        }
        String masked = SECRET_FIELD.matcher(payload).replaceAll("$1\"***\"");
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                masked = masked.replace(secret, "***");
            }
        }
        return masked;
    }
}
