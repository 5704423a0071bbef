package io.tracknow.notification.contacts;

import io.tracknow.notification.templates.Locales;
import io.tracknow.web.ApiProblem;
import io.tracknow.web.auth.Caller;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * An influencer's contact (e-mail, locale, time zone, quiet hours) and notification preferences, read
 * and changed with the operator's token or the influencer's own; another influencer's token gets 404.
 * Bad input is a 400 problem and changes nothing.
 */
@RestController
class ContactController {

    /** One address: no spaces, one '@', a dot in the domain; what SMTP servers accept in practice. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"(),;:]+@[^@\\s<>\"(),;:]+\\.[^@\\s<>\"(),;:.]+");

    private final Contacts contacts;

    ContactController(Contacts contacts) {
        this.contacts = contacts;
    }

    record QuietHoursBody(String start, String end) {}

    record ContactBody(String email, String locale, String timeZone, QuietHoursBody quietHours) {}

    record ModeBody(String mode) {}

    @GetMapping("/api/influencers/{influencerId}/contact")
    Mono<Map<String, Object>> contact(Caller caller, @PathVariable String influencerId) {
        caller.requireInfluencer(influencerId);
        return contacts.find(influencerId).map(ContactController::view);
    }

    @PutMapping("/api/influencers/{influencerId}/contact")
    Mono<Map<String, Object>> update(Caller caller, @PathVariable String influencerId, @RequestBody ContactBody body) {
        caller.requireInfluencer(influencerId);
        Contact defaults = contacts.defaults(influencerId);
        String email = body.email() == null || body.email().isBlank()
                ? null
                : body.email().trim();
        if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            throw bad("invalid-email", "email is not a valid e-mail address: " + email);
        }
        String locale = body.locale() == null || body.locale().isBlank()
                ? defaults.locale()
                : body.locale().trim();
        if (!Locales.isValidTag(locale)) {
            throw bad("invalid-locale", "locale must be a language tag such as fr, en or fr-CA, got '" + locale + "'");
        }
        ZoneId zone = zone(body.timeZone(), defaults.timeZone());
        LocalTime quietStart = null;
        LocalTime quietEnd = null;
        if (body.quietHours() != null) {
            quietStart = time(body.quietHours().start());
            quietEnd = time(body.quietHours().end());
            if (quietStart == null || quietEnd == null || quietStart.equals(quietEnd)) {
                throw bad(
                        "invalid-quiet-hours",
                        "quietHours needs a start and an end (HH:mm) that differ, e.g. 22:00 and 07:00");
            }
        }
        return contacts.save(new Contact(influencerId, email, locale, zone, quietStart, quietEnd), caller.actor())
                .map(ContactController::view);
    }

    @GetMapping("/api/influencers/{influencerId}/preferences")
    Mono<Map<String, Object>> preferences(Caller caller, @PathVariable String influencerId) {
        caller.requireInfluencer(influencerId);
        return contacts.preferences(influencerId).map(stored -> {
            List<Map<String, String>> all = new ArrayList<>();
            for (NotificationType type : NotificationType.values()) {
                for (Channel channel : Channel.PREFERABLE) {
                    Mode mode = stored.getOrDefault(type.templateName() + "/" + channel.name(), Mode.IMMEDIATE);
                    all.add(Map.of("eventType", type.templateName(), "channel", channel.name(), "mode", mode.name()));
                }
            }
            return Map.of("influencerId", influencerId, "preferences", all);
        });
    }

    @PutMapping("/api/influencers/{influencerId}/preferences/{eventType}/{channel}")
    Mono<Map<String, String>> setPreference(
            Caller caller,
            @PathVariable String influencerId,
            @PathVariable String eventType,
            @PathVariable String channel,
            @RequestBody ModeBody body) {
        caller.requireInfluencer(influencerId);
        NotificationType type = NotificationType.ofName(eventType)
                .orElseThrow(() -> bad(
                        "unknown-event-type",
                        "no notification type '" + eventType + "'; one of "
                                + List.of(NotificationType.values()).stream()
                                        .map(NotificationType::templateName)
                                        .toList()));
        Channel target = Channel.PREFERABLE.stream()
                .filter(c -> c.name().equalsIgnoreCase(channel))
                .findFirst()
                .orElseThrow(
                        () -> bad("unknown-channel", "no channel '" + channel + "'; one of " + Channel.PREFERABLE));
        Mode mode = List.of(Mode.values()).stream()
                .filter(m -> body.mode() != null
                        && m.name().equalsIgnoreCase(body.mode().trim()))
                .findFirst()
                .orElseThrow(() -> bad("invalid-mode", "mode must be one of IMMEDIATE, DIGEST, OFF"));
        if (mode == Mode.DIGEST && !type.digestible(target)) {
            throw bad("digest-not-supported", "only sale-attributed e-mails can be grouped into the daily digest");
        }
        return contacts.setMode(influencerId, type, target, mode, caller.actor())
                .thenReturn(Map.of("eventType", type.templateName(), "channel", target.name(), "mode", mode.name()));
    }

    private static ZoneId zone(String value, ZoneId fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return ZoneId.of(value.trim());
        } catch (DateTimeException e) {
            throw bad(
                    "invalid-time-zone",
                    "timeZone must be an IANA zone such as Africa/Casablanca, got '" + value + "'");
        }
    }

    private static LocalTime time(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalTime.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw bad("invalid-quiet-hours", "quiet hours are HH:mm, got '" + value + "'");
        }
    }

    private static ApiProblem bad(String type, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, type, "Invalid request", detail);
    }

    static Map<String, Object> view(Contact contact) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("influencerId", contact.influencerId());
        view.put("email", contact.email());
        view.put("locale", contact.locale());
        view.put("timeZone", contact.timeZone().getId());
        view.put(
                "quietHours",
                contact.quietStart() == null
                        ? null
                        : Map.of(
                                "start",
                                contact.quietStart().toString(),
                                "end",
                                contact.quietEnd().toString()));
        return view;
    }
}
