package dev.cairn.bench;

/** Ends one flow; {@code kind} is what the error report counts (a problem type, an HTTP status, an I/O error). */
final class BenchFailure extends Exception {
    private final String kind;

    BenchFailure(String kind, String detail) {
        super(kind + ": " + detail, null, false, false);
        this.kind = kind;
    }

    String kind() {
        return kind;
    }
}
