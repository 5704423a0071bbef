package io.tracknow.gateway.payments;

import static io.tracknow.gateway.intake.JsonBodies.optionalText;

import io.tracknow.gateway.intake.Delivery;
import io.tracknow.gateway.intake.JsonBodies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Providers that sign inside the body (CMI, Société Générale Maroc): the presented {@code signature}
 * field, and every other field, which is what the signature covers once canonicalised.
 */
record SignatureField(String presented, ObjectNode signed) {

    static SignatureField of(JsonMapper json, Delivery delivery) {
        ObjectNode body = (ObjectNode) JsonBodies.object(json, delivery.body());
        ObjectNode signed = body.deepCopy();
        signed.remove("signature");
        return new SignatureField(optionalText(body, "signature"), signed);
    }
}
