package dev.cairn.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The external account binding keys this CA has issued (RFC 8555 §7.3.4): key id → HMAC key,
 * from the {@code --eab-keys} file at start-up and the management API at run time.
 *
 * <p>Thread-safe. Keys live in memory only: a key added through the management API is gone
 * after a restart. Claims (which single-use key ids are spent) are restored at start-up from
 * the bindings stored with the accounts ({@code ExternalAccountBinding#restoreClaims}); with
 * several nodes on one database a node does not see claims another node makes after it started.
 * Keys are never logged, never listed and never part of {@link #toString()}.
 *
 * <p>Single use ({@code --eab-single-use}) is a claim taken just before the account is
 * stored and released if storing fails, so two concurrent newAccount requests with one key
 * id cannot both win.
 */
public final class EabKeys {
    private static final Pattern KID = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final Base64.Decoder B64URL = Base64.getUrlDecoder();

    private final boolean singleUse;
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    private final Map<String, String> claims = new ConcurrentHashMap<>();

    public EabKeys(boolean singleUse) {
        this.singleUse = singleUse;
    }

    /** Whether a key id may bind one account only (ACCT-12: a CA's choice). */
    public boolean singleUse() {
        return singleUse;
    }

    /** The outcome of {@link #add}: added, already there with the same key, or taken by another key. */
    public enum Added {
        ADDED,
        UNCHANGED,
        CONFLICT
    }

    /** Adds {@code kid} with the base64url {@code hmacKey}; a malformed value is an IllegalArgumentException. */
    public Added add(String kid, String hmacKey) {
        checkKid(kid);
        byte[] key = decodeKey(hmacKey);
        byte[] before = keys.putIfAbsent(kid, key);
        if (before == null) {
            return Added.ADDED;
        }
        return java.security.MessageDigest.isEqual(before, key) ? Added.UNCHANGED : Added.CONFLICT;
    }

    /** A copy of the HMAC key of {@code kid}, if this CA issued it. */
    public Optional<byte[]> key(String kid) {
        byte[] key = kid == null ? null : keys.get(kid);
        return key == null ? Optional.empty() : Optional.of(key.clone());
    }

    /** The key ids, sorted; never the keys. */
    public List<String> kids() {
        return keys.keySet().stream().sorted().toList();
    }

    /** The account a single-use key id bound, if any. */
    public Optional<String> boundAccount(String kid) {
        return Optional.ofNullable(claims.get(kid));
    }

    /**
     * Claims {@code kid} for {@code accountId}. Always true unless single use is on and
     * another account holds the claim.
     */
    public boolean claim(String kid, String accountId) {
        return !singleUse || claims.putIfAbsent(kid, accountId) == null;
    }

    /** Gives back a claim whose account was not stored after all. */
    public void release(String kid, String accountId) {
        claims.remove(kid, accountId);
    }

    /**
     * Reads an {@code --eab-keys} file: one {@code keyId base64urlKey} per line, blank lines
     * and {@code #} comments ignored. The file holds secrets, so one that others can read is
     * refused (where the file system has POSIX permissions). Every problem is an
     * IllegalArgumentException naming the file and line, never the key.
     */
    public static Map<String, String> readFile(Path file) {
        refuseWorldReadable(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1);
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException(where + ": expected \"keyId base64urlKey\" (two fields separated by"
                        + " white space) but found " + parts.length + " field" + (parts.length == 1 ? "" : "s"));
            }
            try {
                checkKid(parts[0]);
                decodeKey(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            if (out.putIfAbsent(parts[0], parts[1]) != null) {
                throw new IllegalArgumentException(where + ": key id \"" + parts[0] + "\" appears twice");
            }
        }
        return out;
    }

    private static void refuseWorldReadable(Path file) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            if (Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ)) {
                throw new IllegalArgumentException("the EAB key file " + file + " is readable by every user of this"
                        + " machine and holds secrets; restrict it with chmod 600 " + file);
            }
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static UncheckedIOException unreadable(Path file, IOException e) {
        String why = e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.toString();
        return new UncheckedIOException("cannot read the EAB key file " + file + ": " + why, e);
    }

    static void checkKid(String kid) {
        if (kid == null || !KID.matcher(kid).matches()) {
            throw new IllegalArgumentException("a key id must be 1 to 255 printable ASCII characters without spaces");
        }
    }

    static byte[] decodeKey(String hmacKey) {
        byte[] key;
        try {
            key = hmacKey == null ? null : B64URL.decode(hmacKey);
        } catch (IllegalArgumentException e) {
            key = null;
        }
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException(
                    "the HMAC key must be non-empty base64url (A-Z a-z 0-9 - _," + " RFC 4648 §5)");
        }
        return key;
    }

    @Override
    public String toString() {
        return "EabKeys[" + keys.size() + " keys, singleUse=" + singleUse + "]";
    }
}
