package dev.wanedit.adapter.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.wanedit.adapter.storage.inspect.ImageInspectionModule;
import dev.wanedit.adapter.storage.jobs.JobJournalModule;
import dev.wanedit.adapter.storage.local.LocalStorageModule;
import dev.wanedit.adapter.storage.oss.OssClientFactory;
import dev.wanedit.adapter.storage.oss.OssInputResolver;
import dev.wanedit.adapter.storage.oss.OssSettings;
import dev.wanedit.adapter.storage.oss.OssStorageModule;
import dev.wanedit.application.port.out.ImageInspector;
import dev.wanedit.application.port.out.JobRepository;
import dev.wanedit.application.port.out.ResultStore;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The four modules wire as bootstrap will wire them, and creating the injector touches neither disk nor network. */
class ModulesTest {

    @TempDir
    Path dir;

    private static final AbstractModule CLOCK = new AbstractModule() {
        @Override
        protected void configure() {
            bind(Clock.class).toInstance(Clock.systemUTC());
        }
    };

    @Test
    void localStorage_journal_andInspector_resolveAsSingletons_withoutIo() {
        Path out = dir.resolve("out");
        Path journal = dir.resolve("home/.wanedit/journal.db");

        Injector injector = Guice.createInjector(Stage.PRODUCTION_LIKE, CLOCK, new ImageInspectionModule(),
                new LocalStorageModule(out), new JobJournalModule(journal));

        assertThat(injector.getInstance(ResultStore.class)).isSameAs(injector.getInstance(ResultStore.class));
        assertThat(injector.getInstance(JobRepository.class)).isSameAs(injector.getInstance(JobRepository.class));
        assertThat(injector.getInstance(ImageInspector.class)).isNotNull();
        assertThat(out).doesNotExist();
        assertThat(journal.getParent()).doesNotExist();
    }

    @Test
    void ossStorage_resolvesTheStoreAndTheInputResolver_onTheClientItWasGiven() {
        OssSettings settings = OssSettings.of("http://127.0.0.1:9", "wanedit-results");
        OSS client = OssClientFactory.create(settings, new DefaultCredentialProvider("id", "secret"));
        try {
            Injector injector = Guice.createInjector(CLOCK, new ImageInspectionModule(), new OssStorageModule(settings, client));

            assertThat(injector.getInstance(ResultStore.class)).isSameAs(injector.getInstance(ResultStore.class));
            OssInputResolver resolver = injector.getInstance(OssInputResolver.class);
            assertThat(resolver.resolve(dev.wanedit.domain.request.ImageInput.OssImage.parse("oss://wanedit-results/a.png")).toString())
                    .startsWith("http://127.0.0.1:9/wanedit-results/a.png?");
        } finally {
            client.shutdown();
        }
    }

    /** Eager singletons, as bootstrap's injector will use in production. */
    private static final class Stage {
        static final com.google.inject.Stage PRODUCTION_LIKE = com.google.inject.Stage.PRODUCTION;
    }
}
