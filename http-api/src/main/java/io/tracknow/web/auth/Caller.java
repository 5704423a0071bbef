package io.tracknow.web.auth;

import io.tracknow.web.ApiProblem;
import java.util.Objects;

/**
 * Who sent a request, as its bearer token says: the operator (every merchant's and influencer's data),
 * one merchant (its own data), or one influencer (their own data). A handler states what it needs with
 * {@link #requireOperator()}, {@link #requireMerchant} or {@link #requireInfluencer}; a token that may
 * not see a resource gets the same 404 as a resource that does not exist, so that no token learns which
 * ids exist at another owner (docs/architecture.md, "API access").
 */
public record Caller(Role role, String ownerId) {

    /** The exchange attribute under which {@link BearerFilter} leaves the caller of a protected route. */
    public static final String ATTRIBUTE = Caller.class.getName();

    public enum Role {
        OPERATOR,
        MERCHANT,
        INFLUENCER
    }

    public Caller {
        Objects.requireNonNull(role, "role");
        if (role != Role.OPERATOR && (ownerId == null || ownerId.isBlank())) {
            throw new IllegalArgumentException("a " + role + " caller needs its id");
        }
    }

    public static Caller operator() {
        return new Caller(Role.OPERATOR, null);
    }

    public static Caller merchant(String merchantId) {
        return new Caller(Role.MERCHANT, merchantId);
    }

    public static Caller influencer(String influencerId) {
        return new Caller(Role.INFLUENCER, influencerId);
    }

    public boolean isOperator() {
        return role == Role.OPERATOR;
    }

    /** The operator, or the merchant itself. */
    public boolean mayActForMerchant(String merchantId) {
        return isOperator() || role == Role.MERCHANT && ownerId.equals(merchantId);
    }

    /** The operator, or the influencer themself; never a merchant. */
    public boolean mayReadInfluencer(String influencerId) {
        return isOperator() || role == Role.INFLUENCER && ownerId.equals(influencerId);
    }

    /** @throws ApiProblem 404 unless this is the operator */
    public void requireOperator() {
        if (!isOperator()) {
            throw hidden();
        }
    }

    /** @throws ApiProblem 404 unless this is the operator or merchant {@code merchantId} */
    public void requireMerchant(String merchantId) {
        if (!mayActForMerchant(merchantId)) {
            throw hidden();
        }
    }

    /** @throws ApiProblem 404 unless this is the operator or influencer {@code influencerId} */
    public void requireInfluencer(String influencerId) {
        if (!mayReadInfluencer(influencerId)) {
            throw hidden();
        }
    }

    /** How audit columns name the caller: "operator", "merchant:&lt;id&gt;" or "influencer:&lt;id&gt;". */
    public String actor() {
        return isOperator() ? "operator" : role.name().toLowerCase(java.util.Locale.ROOT) + ":" + ownerId;
    }

    /** What a caller gets for a resource it may not see: the 404 of a resource that does not exist. */
    public static ApiProblem hidden() {
        return ApiProblem.notFound("not-found", "there is nothing here for this token");
    }
}
