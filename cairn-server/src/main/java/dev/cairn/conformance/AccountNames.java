package dev.cairn.conformance;

/** How the report names accounts: the server wires it to its account URLs and its storage. */
public interface AccountNames {
    /** The id of an account URL, or null when {@code url} is not one. */
    String idOf(String url);

    /** The URL of the account with this id. */
    String urlOf(String id);

    boolean exists(String id);
}
