package dev.wanedit.bootstrap;

import dev.wanedit.application.files.RegularFiles;
import dev.wanedit.application.policy.Redaction;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a setting comes from, in the order of precedence: a flag, an environment variable, a key of
 * the config file; and the config file itself. {@link ConfigLoader} decides what each setting means.
 */
final class ConfigSources {

    /** A value and where it came from, for messages: {@code --endpoint}, {@code WANEDIT_ENDPOINT}, {@code endpoint in FILE}. */
    record Setting(String value, String source) {
        String quoted() {
            return source + " \"" + Redaction.redact(value) + "\"";
        }
    }

    private final Map<String, String> env;
    private final Properties file;
    private final String fileLabel;

    ConfigSources(Map<String, String> env, Properties file, String fileLabel) {
        this.env = env;
        this.file = file;
        this.fileLabel = fileLabel;
    }

    /** The first non-blank of the flag, the environment variable and the file key, with its source; null if none. */
    Setting pick(String flag, String flagName, String variable, String key) {
        if (flag != null && !flag.isBlank()) {
            return new Setting(flag, flagName);
        }
        String fromEnv = variable == null ? null : env.get(variable);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Setting(fromEnv, variable);
        }
        String fromFile = file.getProperty(key);
        if (fromFile != null && !fromFile.isBlank()) {
            return new Setting(fromFile, key + " " + fileLabel);
        }
        return null;
    }

    /** The first non-blank of two values, or null. */
    static String first(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }

    /** The config file's keys; none when an implicit file does not exist, a usage error when it cannot be read. */
    static Properties readFile(Path path, boolean explicit) {
        Properties p = new Properties();
        if (!explicit && !Files.exists(path)) {
            return p;
        }
        Optional<String> problem = RegularFiles.problem(path);
        if (problem.isPresent()) {
            throw new ConfigLoader.ConfigException((explicit ? "--config " : "config file ") + path + ": " + problem.get()
                    + (problem.get().equals("no such file") ? "" : "; it must be a properties file"));
        }
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigLoader.ConfigException("config file " + path + " cannot be read: " + e.getMessage()
                    + (e instanceof java.nio.charset.MalformedInputException ? " (it must be UTF-8 text)" : ""));
        }
        return p;
    }
}
