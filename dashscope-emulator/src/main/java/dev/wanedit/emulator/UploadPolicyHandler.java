package dev.wanedit.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code GET /api/v1/uploads?action=getPolicy}: the signed policy of a temporary-file upload. */
final class UploadPolicyHandler implements EndpointHandler {
    private final DashScopeEmulator emu;
    private final Gate gate;
    private final RequestFaults faults;
    private final OssUploads uploads;

    UploadPolicyHandler(DashScopeEmulator emu, Gate gate, RequestFaults faults, OssUploads uploads) {
        this.emu = emu;
        this.gate = gate;
        this.faults = faults;
        this.uploads = uploads;
    }

    @Override
    public Reply handle(Call c) throws ApiError {
        String apiKey = gate.authenticate(c);
        String model = c.query().get("model");
        Reply early = faults.requestFault(c, model, null);
        if (early != null) {
            return early;
        }
        if (!"getPolicy".equals(c.query().get("action"))) {
            throw ApiError.invalid("Parameter action must be getPolicy.");
        }
        if (model == null || model.isBlank()) {
            throw ApiError.invalid("Parameter model is required.");
        }
        ModelSpec spec = ModelSpec.byId(model);
        if (spec == null || !spec.regions.contains(emu.region())) {
            throw ApiError.invalid("Model not exist.");
        }
        ObjectNode out = Router.JSON.createObjectNode();
        out.set("data", uploads.policy(emu.baseUrl(), apiKey, emu.clock().now()));
        out.put("request_id", c.requestId());
        return Replies.ok(out);
    }
}
