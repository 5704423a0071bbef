package io.tracknow.notification.templates;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Renders a notification from the Mustache files under the templates location
 * ({@code <location>/<language>/<type>.title.mustache} and {@code .body.mustache}, and the e-mail
 * layouts {@code email.text.mustache} and {@code email.html.mustache}), so that wording is changed
 * in files, not in code. The reader's language is chosen by their locale; a language we do not write,
 * or a file missing in that language, falls back to French (logged). Amounts and dates in the facts are
 * formatted for the reader: money with the currency's own digits, dates in the reader's time zone.
 */
public class MessageRenderer {

    private static final Logger log = LoggerFactory.getLogger(MessageRenderer.class);

    private final ResourceLoader resources;
    private final String location;
    private final boolean cache;
    private final Mustache.Compiler text = Mustache.compiler().escapeHTML(false).nullValue("");
    private final Mustache.Compiler html = Mustache.compiler().escapeHTML(true).nullValue("");
    private final Map<String, Optional<Template>> compiled = new ConcurrentHashMap<>();

    /** @param location a resource location such as {@code classpath:/notifications/templates/}; file locations are re-read on every use */
    public MessageRenderer(ResourceLoader resources, String location) {
        this.resources = resources;
        this.location = location.endsWith("/") ? location : location + "/";
        this.cache = this.location.startsWith("classpath:");
    }

    /** The title and body of a notification of {@code type} for a reader of {@code localeTag} in {@code zone}. */
    public Rendered render(String type, String localeTag, ZoneId zone, Map<String, ?> facts) {
        String language = Locales.language(localeTag);
        // a reader whose language we do not write gets French, numbers and dates included
        Locale locale =
                Locales.WRITTEN.contains(language) ? Locales.formatting(localeTag) : Locales.formatting(Locales.FRENCH);
        Map<String, Object> model = model(facts, locale, zone);
        Lookup title = template(language, type + ".title", false);
        Lookup body = template(language, type + ".body", false);
        return new Rendered(
                body.language(),
                title.template().execute(model).strip(),
                body.template().execute(model).strip());
    }

    /** The e-mail of a rendered notification: its title as the subject, the text and HTML layouts around the body. */
    public EmailContent email(String language, String title, String body) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("title", title);
        model.put("body", body);
        model.put(
                "paragraphs",
                Arrays.stream(body.split("\\n\\s*\\n"))
                        .map(String::strip)
                        .filter(p -> !p.isEmpty())
                        .toList());
        String textPart = template(language, "email.text", false)
                .template()
                .execute(model)
                .strip();
        String htmlPart = template(language, "email.html", true).template().execute(model);
        return new EmailContent(title, textPart, htmlPart);
    }

    /** Facts as the templates see them: amounts and instants formatted for the reader, the rest as they are. */
    static Map<String, Object> model(Map<String, ?> facts, Locale locale, ZoneId zone) {
        DateTimeFormatter date = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
                .withLocale(locale)
                .withZone(zone);
        Map<String, Object> model = new LinkedHashMap<>();
        facts.forEach((name, value) -> model.put(
                name,
                switch (value) {
                    case Amount amount -> MoneyFormat.format(amount.minor(), amount.currency(), locale);
                    case Instant instant -> date.format(instant);
                    case LocalDate day ->
                        DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
                                .withLocale(locale)
                                .format(day);
                    case BigDecimal number ->
                        NumberFormat.getNumberInstance(locale).format(number);
                    case List<?> list ->
                        list.stream()
                                .map(item ->
                                        item instanceof Map<?, ?> row ? model(stringKeys(row), locale, zone) : item)
                                .toList();
                    case null -> "";
                    default -> value;
                }));
        return model;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> stringKeys(Map<?, ?> row) {
        return (Map<String, ?>) row;
    }

    private record Lookup(String language, Template template) {}

    private Lookup template(String language, String name, boolean escapeHtml) {
        if (!Locales.WRITTEN.contains(language)) {
            log.warn("no templates in language '{}', using French for {}", language, name);
            language = Locales.FRENCH;
        }
        Optional<Template> found = load(language, name, escapeHtml);
        if (found.isEmpty() && !language.equals(Locales.FRENCH)) {
            log.warn("template {} is missing in '{}', using French", name, language);
            language = Locales.FRENCH;
            found = load(language, name, escapeHtml);
        }
        String lang = language;
        return new Lookup(
                lang,
                found.orElseThrow(() -> new IllegalStateException(
                        "template " + location + lang + "/" + name + ".mustache is missing")));
    }

    private Optional<Template> load(String language, String name, boolean escapeHtml) {
        String path = location + language + "/" + name + ".mustache";
        return cache ? compiled.computeIfAbsent(path, p -> compile(p, escapeHtml)) : compile(path, escapeHtml);
    }

    private Optional<Template> compile(String path, boolean escapeHtml) {
        Resource resource = resources.getResource(path);
        if (!resource.exists()) {
            return Optional.empty();
        }
        try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
            return Optional.of((escapeHtml ? html : text).compile(reader));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + path, e);
        }
    }
}
