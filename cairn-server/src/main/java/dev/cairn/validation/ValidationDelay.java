package dev.cairn.validation;

import java.util.Random;

/**
 * Test mode's {@code --validation-delay}: {@code none}, a fixed {@code MS}, or a uniformly
 * random {@code MIN-MAX} milliseconds before each validation attempt (Pebble sleeps 0–4 s by
 * default; Cairn's default is none).
 */
public record ValidationDelay(long minMillis, long maxMillis) {
    public static final ValidationDelay NONE = new ValidationDelay(0, 0);

    public ValidationDelay {
        if (minMillis < 0 || maxMillis < minMillis) {
            throw new IllegalArgumentException(
                    "a validation delay needs 0 ≤ MIN ≤ MAX, got " + minMillis + "-" + maxMillis);
        }
    }

    public static ValidationDelay parse(String text) {
        String t = text.trim();
        if (t.isEmpty() || "none".equalsIgnoreCase(t) || "0".equals(t)) {
            return NONE;
        }
        try {
            int dash = t.indexOf('-');
            return dash < 0
                    ? new ValidationDelay(Long.parseLong(t), Long.parseLong(t))
                    : new ValidationDelay(Long.parseLong(t.substring(0, dash)), Long.parseLong(t.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "validation delay is none, MS or MIN-MAX (milliseconds), not '" + text + "'", e);
        }
    }

    long pick(Random random) {
        return minMillis == maxMillis
                ? minMillis
                : minMillis + (long) (random.nextDouble() * (maxMillis - minMillis + 1));
    }

    @Override
    public String toString() {
        return maxMillis == 0 ? "none" : minMillis == maxMillis ? minMillis + "ms" : minMillis + "-" + maxMillis + "ms";
    }
}
