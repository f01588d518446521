package dev.wanedit.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the router sends back for one request. */
final class Reply {
  static final String JSON = "application/json;charset=UTF-8";
  static final String XML = "application/xml";

  final int status;
  final String contentType;
  final byte[] body;
  final Map<String, String> headers = new LinkedHashMap<>();
  /** Drop the connection instead of answering. */
  boolean reset;
  /** Wait this long (real time, cut short by close) before answering. */
  Duration stall;
  /** The error code, for the journal's 429 counters. */
  String errorCode;

  Reply(int status, String contentType, byte[] body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
  }

  static Reply json(int status, String json) {
    return new Reply(status, JSON, json.getBytes(StandardCharsets.UTF_8));
  }

  static Reply reset() {
    Reply r = new Reply(0, null, new byte[0]);
    r.reset = true;
    return r;
  }

  Reply header(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
