package dev.cairn.variation;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code --vary} and {@code --vary-per} asked for: which variations are active and
 * whether the choices that can change per response do ({@link Scope#REQUEST}) or are drawn
 * once for the run ({@link Scope#RUN}). The choices themselves are {@link Variations}.
 */
public record VariationSettings(Set<Variation> active, Scope scope) {
    public VariationSettings {
        active = active.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(active));
        Objects.requireNonNull(scope, "scope");
    }

    public enum Scope {
        /** Every choice drawn once at start: the run looks like one particular legal server. */
        RUN,
        /** Choices that may change per response (member order, extra members, nonce length, Retry-After, sync, chains) do. */
        REQUEST;

        public static Scope parse(String text) {
            String t = text == null ? "run" : text.trim().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "run" -> RUN;
                case "request" -> REQUEST;
                default -> throw new IllegalArgumentException("--vary-per is run or request, not '" + text + "'");
            };
        }
    }

    public static VariationSettings none() {
        return new VariationSettings(Set.of(), Scope.RUN);
    }

    public static VariationSettings all(Scope scope) {
        return new VariationSettings(EnumSet.allOf(Variation.class), scope);
    }

    public static VariationSettings parse(String list, String scope) {
        return new VariationSettings(Variation.parse(list), Scope.parse(scope));
    }

    public boolean has(Variation v) {
        return active.contains(v);
    }

    public boolean any() {
        return !active.isEmpty();
    }

    /** The active names in a stable order, e.g. {@code vary=[paths, sync] per run}. */
    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (Variation v : Variation.values()) {
            if (has(v)) {
                names.add(v.wire());
            }
        }
        return "vary=" + names + " per " + scope.name().toLowerCase(Locale.ROOT);
    }
}
