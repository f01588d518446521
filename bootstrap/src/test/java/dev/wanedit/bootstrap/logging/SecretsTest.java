package dev.wanedit.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void mask_hidesRegisteredKeysBearerTokensAndKeyShapedStrings() {
        Secrets.register(List.of("my-very-secret-token"));

        assertThat(Secrets.mask("key=my-very-secret-token;")).isEqualTo("key=****;");
        assertThat(Secrets.mask("Authorization: Bearer abc.def-123")).isEqualTo("Authorization: Bearer ****");
        assertThat(Secrets.mask("used sk-0123456789abcdef here")).isEqualTo("used sk-**** here");
        assertThat(Secrets.mask("nothing secret")).isEqualTo("nothing secret");
    }
}
