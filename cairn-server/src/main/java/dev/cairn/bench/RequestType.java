package dev.cairn.bench;

/** The requests of one issuance flow, each counted and timed on its own. */
enum RequestType {
    NEW_NONCE("newNonce"),
    NEW_ACCOUNT("newAccount"),
    NEW_ORDER("newOrder"),
    AUTHZ("authz"),
    CHALLENGE("challenge"),
    AUTHZ_POLL("authzPoll"),
    FINALIZE("finalize"),
    ORDER_POLL("orderPoll"),
    CERTIFICATE("certificate");

    private final String label;

    RequestType(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
