package io.tracknow.payment.collect.health;

import java.io.IOException;
import java.io.InputStream;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The payments API's OpenAPI 3 document (docs/payments-api.openapi.yaml, copied into the jar by the build), public. */
@RestController
class OpenApiController {

    static final String DOCUMENT = "collect/payments-api.openapi.yaml";

    private final byte[] document;

    OpenApiController() throws IOException {
        try (InputStream in = new ClassPathResource(DOCUMENT).getInputStream()) {
            this.document = in.readAllBytes();
        }
    }

    @GetMapping("/payments-api/openapi.yaml")
    ResponseEntity<byte[]> document() {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/yaml"))
                .body(document);
    }
}
