package io.tracknow.web.auth;

import java.util.List;

/**
 * Paths whose bearer token is not one of {@link BearerAuth}'s callers but a credential of its own that a
 * filter of the service checks (payment-orchestrator's payments API keys: one client platform each, looked
 * up in its database). {@link BearerFilter} leaves these paths to that filter. Because the exemption is
 * declared by the bean that does the check, a path is never left open by configuration alone: without the
 * bean, {@link BearerFilter} guards the path like any other.
 */
public interface SeparateBearerRealm {

    /** Path patterns ({@link org.springframework.web.util.pattern.PathPattern} syntax) this realm guards. */
    List<String> pathPatterns();
}
