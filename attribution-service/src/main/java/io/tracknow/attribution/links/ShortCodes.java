package io.tracknow.attribution.links;

import java.security.SecureRandom;
import java.util.function.Supplier;

/**
 * Short codes of 8 characters from an alphabet a buyer cannot misread or mistype: digits and upper
 * case letters without 0/O, 1/I and L. 31^8 (about 8.5e11) codes; uniqueness is the database's
 * unique key, with a retry on collision (see {@link TrackingLinks}).
 */
public final class ShortCodes implements Supplier<String> {

    public static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public static final int LENGTH = 8;

    private final SecureRandom random = new SecureRandom();

    @Override
    public String get() {
        char[] code = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            code[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(code);
    }
}
