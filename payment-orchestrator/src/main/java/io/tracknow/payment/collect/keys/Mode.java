package io.tracknow.payment.collect.keys;

import java.util.Locale;

/** A key's world: sandbox keys never reach a provider (seed 004 "Environnement de test"), live keys do. */
public enum Mode {
    SANDBOX,
    LIVE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Mode fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
