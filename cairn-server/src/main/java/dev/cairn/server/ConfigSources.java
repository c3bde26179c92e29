package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where {@code serve} options come from when they are not on the command line: first the
 * environment ({@code --nonce-reject} → {@code CAIRN_NONCE_REJECT}), then the JSON config file
 * of {@code --config} (or {@code CAIRN_CONFIG}) whose members are the option names in
 * camelCase ({@code "nonceReject": 5}), then the option's own default. So the precedence is
 * flag &gt; environment &gt; file &gt; default. Repeatable options take a comma-separated list
 * from the environment and a JSON array (or string) from the file.
 */
final class ConfigSources implements CommandLine.IDefaultValueProvider {
    private final Map<String, String> env;
    private final JsonNode file;

    ConfigSources(Map<String, String> env, JsonNode file) {
        this.env = Map.copyOf(env);
        this.file = file;
    }

    /** Finds {@code --config FILE} (or {@code --config=FILE}, or {@code CAIRN_CONFIG}) before picocli parses. */
    static ConfigSources of(String[] args, Map<String, String> env) {
        String path = env.get("CAIRN_CONFIG");
        for (int i = 0; i < args.length; i++) {
            if ("--config".equals(args[i]) && i + 1 < args.length) {
                path = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                path = args[i].substring("--config=".length());
            }
        }
        return new ConfigSources(env, path == null ? null : read(Path.of(path)));
    }

    private static JsonNode read(Path path) {
        try {
            JsonNode node = new ObjectMapper().readTree(Files.readString(path));
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("config file " + path + " must hold one JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)
                || option.usageHelp()
                || option.versionHelp()
                || !"serve".equals(option.command().name())
                || "--config".equals(option.longestName())) {
            return null;
        }
        String name = option.longestName().replaceFirst("^--", "");
        String fromEnv = env.get("CAIRN_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        if (fromEnv != null) {
            return fromEnv;
        }
        JsonNode value = file == null ? null : file.get(camelCase(name));
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(v.asText()));
            return String.join(",", items);
        }
        return value.asText();
    }

    static String camelCase(String dashed) {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char c : dashed.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }
}
