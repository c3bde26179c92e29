package dev.cairn.issuance;

import dev.cairn.protocol.Identifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The profiles this CA issues under (draft-ietf-acme-profiles), in directory order, and the
 * default one for orders that name none.
 *
 * <p>Built in, after Let's Encrypt: {@code classic} (the configured certificate lifetime, 90 days
 * by default, with a CN, key usage digitalSignature plus keyEncipherment for RSA keys), {@code
 * tlsserver} (45 days, no CN, digitalSignature only) and {@code shortlived} (160 hours, no CN,
 * digitalSignature only, the only one that allows IP identifiers); all three are serverAuth
 * only (Let's Encrypt dropped clientAuth from classic in 2026). An operator profile with a
 * built-in's name replaces it.
 */
public final class Profiles {
    public static final String CLASSIC = "classic";
    public static final String TLSSERVER = "tlsserver";
    public static final String SHORTLIVED = "shortlived";

    private final Map<String, Profile> byName;
    private final Profile defaultProfile;

    public Profiles(List<Profile> profiles, String defaultName) {
        Map<String, Profile> map = new LinkedHashMap<>();
        for (Profile p : profiles) {
            map.put(p.name(), p);
        }
        if (map.isEmpty()) {
            throw new IllegalArgumentException("at least one profile is needed");
        }
        this.byName = Collections.unmodifiableMap(map);
        this.defaultProfile = Optional.ofNullable(map.get(defaultName))
                .orElseThrow(() -> new IllegalArgumentException(
                        "the default profile '" + defaultName + "' is not one of " + map.keySet()));
    }

    /** The three built-ins, classic being the default; {@code classicLifetime} is --cert-lifetime. */
    public static Profiles builtIn(Duration classicLifetime) {
        return new Profiles(builtInList(classicLifetime), CLASSIC);
    }

    public static List<Profile> builtInList(Duration classicLifetime) {
        return List.of(
                new Profile(
                        CLASSIC,
                        "The long-standing profile: " + describe(classicLifetime) + ", subject CN, DNS names only",
                        classicLifetime,
                        true,
                        false,
                        KeyUsages.CLASSIC),
                new Profile(
                        TLSSERVER,
                        "TLS server certificates: 45 days, no CN, DNS names only, key usage digitalSignature only",
                        Duration.ofDays(45),
                        false,
                        false,
                        KeyUsages.TLS_SERVER),
                new Profile(
                        SHORTLIVED,
                        "Short-lived certificates: 160 hours, no CN, DNS names and IP addresses,"
                                + " key usage digitalSignature only",
                        Duration.ofHours(160),
                        false,
                        true,
                        KeyUsages.TLS_SERVER));
    }

    /** The built-ins plus the operator's, an operator profile replacing a built-in of its name. */
    public static Profiles withExtra(Duration classicLifetime, List<Profile> extra, String defaultName) {
        List<Profile> all = new ArrayList<>(builtInList(classicLifetime));
        for (Profile p : extra) {
            all.removeIf(b -> b.name().equals(p.name()));
            all.add(p);
        }
        return new Profiles(all, defaultName == null ? CLASSIC : defaultName);
    }

    /** The key usages of the built-in profile of this name, else the classic ones: an operator profile's default. */
    public static KeyUsages defaultUsages(String name) {
        return builtInList(Duration.ofDays(90)).stream()
                .filter(p -> p.name().equals(name))
                .map(Profile::usages)
                .findFirst()
                .orElse(KeyUsages.CLASSIC);
    }

    public Optional<Profile> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<Profile> all() {
        return byName.values();
    }

    public Profile defaultProfile() {
        return defaultProfile;
    }

    /**
     * The profile for an order that names none: the default, or, when the identifiers include an
     * IP address the default does not allow, the first profile that does (shortlived out of the box).
     */
    public Optional<Profile> defaultFor(List<Identifier> identifiers) {
        if (!hasIp(identifiers) || defaultProfile.ipAllowed()) {
            return Optional.of(defaultProfile);
        }
        return byName.values().stream().filter(Profile::ipAllowed).findFirst();
    }

    public static boolean hasIp(List<Identifier> identifiers) {
        return identifiers.stream().anyMatch(id -> Identifier.IP.equals(id.type()));
    }

    public String names() {
        return String.join(", ", byName.keySet());
    }

    private static String describe(Duration d) {
        if (d.toSeconds() % 86_400 == 0) {
            return d.toDays() + " days";
        }
        return d.toSeconds() % 3600 == 0 ? d.toHours() + " hours" : d.toString();
    }
}
