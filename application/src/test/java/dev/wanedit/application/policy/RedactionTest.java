package dev.wanedit.application.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shapes of {@link Redaction} beyond keys and bearer tokens (those are in the CLI's ExamplesAndRedactionTest). */
class RedactionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "http://user:secret@proxy.example:3128/api | http://user:***@proxy.example:3128/api",
        "--endpoint HTTPS://bob:p%40ss@host/ failed | --endpoint HTTPS://bob:***@host/ failed",
        "http://tokenonly@host/x | http://***@host/x",
        "http://:pw@host | http://***@host",
        "two: http://a:b@h1 and ftp://c:d@h2/f | two: http://a:***@h1 and ftp://c:***@h2/f",
        "https://example.com/path@v2/a.png | https://example.com/path@v2/a.png",
        "mail bob@example.com | mail bob@example.com",
        "https://b.oss-cn-beijing.aliyuncs.com/a.png?Expires=17&OSSAccessKeyId=LTAI5t&Signature=abc%2Bdef | "
                + "https://b.oss-cn-beijing.aliyuncs.com/a.png?Expires=17&OSSAccessKeyId=***&Signature=***",
        "https://s3.example/a?X-Amz-Credential=AK/2026&X-Amz-Signature=f00d&x=1 | https://s3.example/a?X-Amz-Credential=***&X-Amz-Signature=***&x=1",
        "https://h/a.png?token=t0k&size=2 | https://h/a.png?token=***&size=2",
        "https://h/a.png?size=2#frag | https://h/a.png?size=2#frag"})
    void redact_masksUserInfoAndSignedQueryCredentials(String text, String expected) {
        assertThat(Redaction.redact(text)).isEqualTo(expected);
        assertThat(Redaction.redact(expected)).as("idempotent").isEqualTo(expected);
    }
}
