package io.tracknow.attribution.influencers;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.tracknow.attribution.access.Invalid;
import io.tracknow.web.ApiProblem;
import io.tracknow.web.auth.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Manages a merchant's influencers and what identifies them (the operator's or the merchant's bearer
 * token; an influencer's own token may read the influencer's profile).
 * A TikTok creator id or promo code belongs to at most one influencer per merchant: claiming one that
 * another influencer holds is a 409.
 */
@RestController
class InfluencerController {

    private final InfluencerDirectory directory;
    private final InfluencerIdentifiers identifiers;

    InfluencerController(InfluencerDirectory directory, InfluencerIdentifiers identifiers) {
        this.directory = directory;
        this.identifiers = identifiers;
    }

    record NewInfluencer(
            String id, String merchantId, String displayName, String email, String utmMedium, String utmCampaign) {}

    record SocialAccounts(
            List<String> tiktokCreatorIds,
            @JsonAlias("tiktok_creator_id") String tiktokCreatorId) {}

    record NewPromoCode(String code) {}

    @PostMapping("/api/influencers")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Map<String, Object>> create(Caller caller, @RequestBody NewInfluencer body) {
        String merchantId = Invalid.identifier(body.merchantId(), "merchantId", 1, 100);
        caller.requireMerchant(merchantId);
        String id = body.id() == null ? "inf-" + UUID.randomUUID() : Invalid.identifier(body.id(), "id", 1, 100);
        String email = Invalid.optional(body.email(), "email", 320);
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
            throw Invalid.request("email is not an email address");
        }
        Influencer influencer = new Influencer(
                id,
                merchantId,
                Invalid.required(body.displayName(), "displayName", 200),
                email == null ? null : sha256(email),
                Invalid.optional(body.utmMedium(), "utmMedium", 100),
                Invalid.optional(body.utmCampaign(), "utmCampaign", 100));
        return directory.create(influencer).flatMap(created -> {
            if (!created) {
                return Mono.error(new ApiProblem(
                        HttpStatus.CONFLICT,
                        "influencer-exists",
                        "Conflict",
                        "an influencer with id " + id + " already exists"));
            }
            return view(influencer);
        });
    }

    @GetMapping("/api/influencers/{id}")
    Mono<Map<String, Object>> get(Caller caller, @PathVariable String id) {
        return visible(
                        id,
                        influencer -> caller.mayActForMerchant(influencer.merchantId())
                                || caller.mayReadInfluencer(influencer.id()))
                .flatMap(this::view);
    }

    @PutMapping("/api/influencers/{id}/social-accounts")
    Mono<Map<String, Object>> socialAccounts(Caller caller, @PathVariable String id, @RequestBody SocialAccounts body) {
        List<String> creatorIds = new ArrayList<>();
        if (body.tiktokCreatorIds() != null) {
            body.tiktokCreatorIds().forEach(c -> creatorIds.add(Invalid.identifier(c, "tiktokCreatorIds[]", 1, 100)));
        }
        if (body.tiktokCreatorId() != null) {
            creatorIds.add(Invalid.identifier(body.tiktokCreatorId(), "tiktok_creator_id", 1, 100));
        }
        if (body.tiktokCreatorIds() == null && body.tiktokCreatorId() == null) {
            throw Invalid.request("tiktokCreatorIds is required (an empty list unlinks every account)");
        }
        return managed(caller, id)
                .flatMap(influencer ->
                        identifiers.replaceCreatorIds(influencer, creatorIds).then(view(influencer)));
    }

    @PostMapping("/api/influencers/{id}/promo-codes")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Map<String, Object>> promoCode(Caller caller, @PathVariable String id, @RequestBody NewPromoCode body) {
        String code = Invalid.identifier(body.code(), "code", 3, 40);
        return managed(caller, id)
                .flatMap(
                        influencer -> identifiers.addPromoCode(influencer, code).then(view(influencer)));
    }

    /** The influencer, if the caller may manage it: the operator or the influencer's merchant. */
    private Mono<Influencer> managed(Caller caller, String id) {
        return visible(id, influencer -> caller.mayActForMerchant(influencer.merchantId()));
    }

    /**
     * The influencer, if {@code may} lets the caller see it. Another owner's influencer is a 404, exactly
     * like an unknown id, so that no token can probe which ids exist elsewhere.
     */
    private Mono<Influencer> visible(String id, Predicate<Influencer> may) {
        return directory
                .find(id)
                .filter(may)
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("unknown-influencer", "no influencer " + id)));
    }

    /** The two queries run one after the other: a zip would cancel one in flight if the other failed. */
    private Mono<Map<String, Object>> view(Influencer i) {
        return directory
                .creatorIds(i.id())
                .collectList()
                .flatMap(creatorIds ->
                        directory.promoCodes(i.id()).collectList().map(promoCodes -> Map.entry(creatorIds, promoCodes)))
                .map(ids -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("id", i.id());
                    view.put("merchantId", i.merchantId());
                    view.put("displayName", i.displayName());
                    view.put("emailRegistered", i.emailSha256() != null);
                    view.put("utmMedium", i.utmMedium());
                    view.put("utmCampaign", i.utmCampaign());
                    view.put("tiktokCreatorIds", ids.getKey());
                    view.put("promoCodes", ids.getValue());
                    return view;
                });
    }

    /** Hex SHA-256 of the trimmed, lower-cased address, as the gateway hashes buyers' emails. */
    static String sha256(String email) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
