package dev.wanedit.emulator;

/**
 * Answers the requests to one endpoint. The {@link Router} has classified the request, counted its
 * arrival and parsed its body; it applies the after-processing faults, records the exchange and sends.
 */
interface EndpointHandler {
    /** The reply to one request; an {@link ApiError} becomes the DashScope error document. */
    Reply handle(Call c) throws ApiError;
}
