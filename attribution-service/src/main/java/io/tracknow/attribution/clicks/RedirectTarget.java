package io.tracknow.attribution.clicks;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a click goes: the link's destination with our parameters (UTM, the click id) added to its
 * query string, before the fragment. The destination's own parameters and fragment are kept as they
 * were; a parameter we set replaces the destination's parameter of the same name (so utm_source is
 * always the short code, and click_id the click, that the shop will report back to us).
 */
public final class RedirectTarget {

    private RedirectTarget() {}

    /** @param utm parameter name to value, in the order to append; null and blank values are skipped */
    public static String of(String destination, Map<String, String> utm) {
        URI uri = URI.create(destination.trim());
        Map<String, String> ours = new LinkedHashMap<>();
        utm.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                ours.put(name, value.trim());
            }
        });
        List<String> params = new ArrayList<>();
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            for (String param : uri.getRawQuery().split("&")) {
                String name = URLDecoder.decode(param.split("=", 2)[0], StandardCharsets.UTF_8);
                if (!param.isEmpty() && !ours.containsKey(name)) {
                    params.add(param);
                }
            }
        }
        ours.forEach((name, value) -> params.add(encode(name) + "=" + encode(value)));

        StringBuilder target = new StringBuilder();
        target.append(uri.getScheme()).append("://").append(uri.getRawAuthority());
        target.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        target.append('?').append(String.join("&", params));
        if (uri.getRawFragment() != null) {
            target.append('#').append(uri.getRawFragment());
        }
        return target.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
