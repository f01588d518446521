package dev.wanedit.emulator;

/** Which outcome of a task a fault decides; a create takes at most one fault per slot. */
enum FaultSlot {
    /** Not an outcome: a request fault, applied to the reply. */
    REQUEST,
    FAILURE,
    UNKNOWN,
    LIST_LAG,
    EXPIRE;

    /** The slot a kind of fault fills. */
    static FaultSlot of(Fault.Kind kind) {
        switch (kind) {
            case TASK_FAILED:
            case IMAGES_TIMEOUT:
            case IMAGES_FAILED:
                return FAILURE;
            case TASK_UNKNOWN:
                return UNKNOWN;
            case LIST_LAG:
                return LIST_LAG;
            case EXPIRE:
                return EXPIRE;
            default:
                return REQUEST;
        }
    }
}
