package dev.wanedit.application.port.in.value;

/** No job with this id in the journal. */
public class JobNotFound extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JobNotFound(String id) {
        super("no job \"" + id + "\" in the journal; `wanedit jobs` lists them");
    }
}
