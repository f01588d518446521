package dev.wanedit.adapter.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Opens a file with the desktop's handler: {@code open} on macOS, the URL protocol handler on
 * Windows, {@code xdg-open} elsewhere (only in a desktop session). Does not wait for the viewer.
 */
public final class DesktopOpener {

    private final String osName;
    private final Map<String, String> env;

    /**
     * @param osName the {@code os.name} property
     * @param env the environment ({@code PATH}, {@code DISPLAY}, {@code WAYLAND_DISPLAY})
     */
    public DesktopOpener(String osName, Map<String, String> env) {
        this.osName = osName.toLowerCase(Locale.ROOT);
        this.env = Map.copyOf(env);
    }

    /** For this machine. */
    public static DesktopOpener forThisMachine() {
        return new DesktopOpener(System.getProperty("os.name", ""), System.getenv());
    }

    /** @return empty when a handler was started, else why there is none */
    public Optional<String> open(Path file) {
        List<String> command;
        if (osName.startsWith("mac")) {
            command = List.of("open", file.toString());
        } else if (osName.startsWith("windows")) {
            command = List.of("rundll32", "url.dll,FileProtocolHandler", file.toString());
        } else {
            if (blank("DISPLAY") && blank("WAYLAND_DISPLAY")) {
                return Optional.of("no desktop session here (neither DISPLAY nor WAYLAND_DISPLAY is set); open " + file + " yourself");
            }
            Optional<Path> xdg = onPath("xdg-open");
            if (xdg.isEmpty()) {
                return Optional.of("xdg-open is not on the PATH; open " + file + " yourself");
            }
            command = List.of(xdg.get().toString(), file.toString());
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(devNull()));
            pb.environment().clear();
            pb.environment().putAll(env);
            pb.start();
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("could not start " + command.get(0) + ": " + e.getMessage());
        }
    }

    private File devNull() {
        return new File(osName.startsWith("windows") ? "NUL" : "/dev/null");
    }

    private boolean blank(String name) {
        String v = env.get(name);
        return v == null || v.isBlank();
    }

    private Optional<Path> onPath(String program) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
