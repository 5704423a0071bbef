package io.tracknow.gateway.shopify;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Query parameters of Shopify's {@code landing_site}, a path such as "/products/x?utm_source=tiktok&click_id=c1". */
final class LandingSite {

    private LandingSite() {}

    static Map<String, String> parameters(String landingSite) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (landingSite == null) {
            return parameters;
        }
        int query = landingSite.indexOf('?');
        if (query < 0) {
            return parameters;
        }
        String rest = landingSite.substring(query + 1);
        int fragment = rest.indexOf('#');
        if (fragment >= 0) {
            rest = rest.substring(0, fragment);
        }
        for (String pair : rest.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            try {
                String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (!value.isBlank()) {
                    parameters.putIfAbsent(name, value);
                }
            } catch (IllegalArgumentException malformedEscape) {
                // a broken %-escape in a landing URL is the buyer's browser's doing: skip that parameter
            }
        }
        return parameters;
    }
}
