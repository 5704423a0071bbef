package io.tracknow.notification.templates;

import java.util.Locale;
import java.util.Set;

/**
 * The languages we write in (French and English) and how a stored locale tag ("fr", "en-GB") maps to
 * the formatting locale: a bare language gets the country most of our readers write it in (fr-FR,
 * en-US), so "en" reads "$18.83" and "fr" reads "18,83 $US".
 */
public final class Locales {

    public static final String FRENCH = "fr";
    public static final Set<String> WRITTEN = Set.of("fr", "en");

    private Locales() {}

    /** A well-formed BCP 47 tag with a language, e.g. "fr", "en-GB"; false for "", "x", "12". */
    public static boolean isValidTag(String tag) {
        if (tag == null || tag.isBlank() || tag.length() > 35) {
            return false;
        }
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag.trim()).build();
            return !locale.getLanguage().isEmpty();
        } catch (java.util.IllformedLocaleException e) {
            return false;
        }
    }

    /** The locale that numbers, currencies and dates are formatted in. */
    public static Locale formatting(String tag) {
        Locale locale = Locale.forLanguageTag(tag == null ? FRENCH : tag.trim());
        if (locale.getLanguage().isEmpty()) {
            return Locale.FRANCE;
        }
        if (!locale.getCountry().isEmpty()) {
            return locale;
        }
        return switch (locale.getLanguage()) {
            case "fr" -> Locale.FRANCE;
            case "en" -> Locale.US;
            default -> locale;
        };
    }

    /** The language of a tag ("en" for "en-GB"), lower case. */
    public static String language(String tag) {
        String language =
                Locale.forLanguageTag(tag == null ? FRENCH : tag.trim()).getLanguage();
        return language.isEmpty() ? FRENCH : language;
    }
}
