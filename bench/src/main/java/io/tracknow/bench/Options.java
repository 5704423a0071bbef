package io.tracknow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} options of the bench's commands, each with a clear error for bad input
 * (thrown as IllegalArgumentException, printed by the command with its usage).
 */
public final class Options {

    private final Map<String, String> values = new HashMap<>();

    private Options() {}

    /** Parses {@code --name value} pairs; any other word, or a name not in {@code known}, is refused. */
    public static Options parse(String[] args, Set<String> known) {
        Options parsed = new Options();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || !known.contains(name.substring(2))) {
                throw new IllegalArgumentException("unknown option '" + name + "' (options: --"
                        + String.join(", --", known.stream().sorted().toList()) + ")");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            parsed.values.put(name.substring(2), args[++i]);
        }
        return parsed;
    }

    public String text(String name, String fallback) {
        String value = values.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** A required option. */
    public String required(String name) {
        String value = text(name, null);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    public int positiveInt(String name, int fallback) {
        String value = text(name, null);
        return value == null ? fallback : positive(name, value);
    }

    public long optionalLong(String name) {
        String value = text(name, null);
        return value == null ? -1 : positive(name, value);
    }

    /** A comma-separated list of positive whole numbers, e.g. {@code 8,64}. */
    public List<Integer> positiveInts(String name, String fallback) {
        List<Integer> list = new ArrayList<>();
        for (String part : text(name, fallback).split(",")) {
            list.add(positive(name, part.trim()));
        }
        return List.copyOf(list);
    }

    /** A duration written {@code 30s}, {@code 2m}, {@code 500ms} or plain seconds ({@code 30}). */
    public Duration duration(String name, String fallback) {
        return parseDuration("--" + name, text(name, fallback));
    }

    static Duration parseDuration(String what, String text) {
        String value = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            Duration parsed;
            if (value.endsWith("ms")) {
                parsed = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            } else if (value.endsWith("s")) {
                parsed = Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
            } else if (value.endsWith("m")) {
                parsed = Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            } else {
                parsed = Duration.ofSeconds(Long.parseLong(value));
            }
            if (parsed.isNegative() || parsed.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, not '" + text + "'");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    what + " must be a duration such as 30s, 2m or 500ms, not '" + text + "'");
        }
    }

    private static int positive(String name, String text) {
        try {
            int value = Integer.parseInt(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("--" + name + " needs positive whole numbers, not '" + text + "'");
    }
}
