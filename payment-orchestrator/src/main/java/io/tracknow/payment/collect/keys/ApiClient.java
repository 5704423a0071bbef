package io.tracknow.payment.collect.keys;

import java.util.Objects;

/**
 * The client platform an API key speaks for, in the key's mode. A client sees only its own payments,
 * and a sandbox key only sandbox payments: payments are scoped by client and mode.
 *
 * @param keyId    the key that authenticated this request (its callbacks are signed with its secret)
 * @param clientId the client platform
 */
public record ApiClient(String keyId, String clientId, Mode mode) {

    /** The exchange attribute under which {@link ApiKeyFilter} leaves the authenticated client. */
    public static final String ATTRIBUTE = ApiClient.class.getName();

    public ApiClient {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(mode, "mode");
    }

    public boolean sandbox() {
        return mode == Mode.SANDBOX;
    }

    /** How the audit log names this caller. */
    public String actor() {
        return "client:" + clientId + "/" + keyId;
    }
}
