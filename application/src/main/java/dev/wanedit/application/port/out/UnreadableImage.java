package dev.wanedit.application.port.out;

/** An input file that is missing, unreadable, truncated, corrupt, of an unknown format, or not what its extension says. */
public class UnreadableImage extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String reason;

    public UnreadableImage(String file, String reason) {
        super("\"" + file + "\": " + reason);
        this.file = file;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public String reason() {
        return reason;
    }
}
