package io.tracknow.web.tokens;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * On a service's application class: the service accepts influencer tokens, checked against its own
 * replica of {@code access-tokens.v1} ({@link AccessTokenReplica}), and is ready only once that replica
 * has caught up. platform-launcher's AsyncApiDocumentTest reads this annotation as "receives access-tokens.v1".
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(InfluencerTokensConfiguration.class)
public @interface EnableInfluencerTokens {}
