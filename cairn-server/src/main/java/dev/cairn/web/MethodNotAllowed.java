package dev.cairn.web;

import dev.cairn.conformance.Rule;
import dev.cairn.protocol.AcmeProblem;

/** 405 with {@code Allow}; ACME resources other than the directory and newNonce take POST only (RFC 8555 §6.3). */
final class MethodNotAllowed {
    private MethodNotAllowed() {}

    static AcmeProblem of(Exchange ex, String allow) {
        ex.setHeader("Allow", allow);
        String hint = allow.equals("POST")
                ? "; to read this resource send POST-as-GET (a JWS with an empty payload, RFC 8555 §6.3)"
                : "";
        AcmeProblem problem = AcmeProblem.malformed(
                        "Method " + ex.method() + " is not allowed here; use " + allow + hint)
                .withStatus(405);
        return ex.notes().noted(Rule.METHOD_NOT_ALLOWED, problem);
    }
}
