package dev.wanedit.bootstrap.archunit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue #18: the embedding API's signatures (every public or protected constructor, method and
 * field of its public classes, their generic arguments, thrown exceptions, super types) name the
 * JDK's, the domain's and the application's types and the API's own, nothing else: no Feign,
 * Jackson, Guice or picocli type, and no bootstrap internal either. The one exception is
 * {@code WaneditModule}'s base class, Guice's {@code AbstractModule}, which is what makes it a module.
 */
@AnalyzeClasses(packages = "dev.wanedit", importOptions = ProductionCodeOnly.class)
class PublicApiTest {

    static final String API = "dev.wanedit.bootstrap.client";
    static final String MODULE = API + ".WaneditModule";
    private static final List<String> ALLOWED = List.of("java.", "dev.wanedit.domain.", "dev.wanedit.application.", API + ".");

    @ArchTest
    static final ArchRule the_api_exposes_only_domain_and_application_types = classes()
            .that().resideInAPackage(API).and().arePublic()
            .should(exposeOnlyDomainApplicationAndJdkTypes())
            .because("issue #18: a service depends on the domain's and the application's types only, never on the "
                    + "libraries behind them (Feign, Jackson, Guice, picocli) nor on bootstrap's internals");

    /** The rule can fail: a public signature naming a Guice type, a Jackson type or a bootstrap internal is reported. */
    @Test
    @DisplayName("the rule reports a public signature naming Guice, Jackson or a bootstrap internal")
    void theRuleCanFail() {
        JavaClasses fixture = new ClassFileImporter().importClasses(LeakyApi.class, CleanApi.class);
        EvaluationResult leaky = classes().that().haveSimpleName("LeakyApi").should(exposeOnlyDomainApplicationAndJdkTypes())
                .evaluate(fixture);
        assertThat(leaky.hasViolation()).isTrue();
        assertThat(String.join("\n", leaky.getFailureReport().getDetails()))
                .contains("com.google.inject.Injector", "com.fasterxml.jackson.databind.JsonNode", "dev.wanedit.bootstrap.AppConfig");
        EvaluationResult clean = classes().that().haveSimpleName("CleanApi").should(exposeOnlyDomainApplicationAndJdkTypes())
                .evaluate(fixture);
        assertThat(clean.hasViolation()).as(clean.getFailureReport().toString()).isFalse();
    }

    /** Names Guice, Jackson and a bootstrap internal in public signatures. */
    public static final class LeakyApi {
        public com.google.inject.Injector injector() {
            return null;
        }

        public void read(List<com.fasterxml.jackson.databind.JsonNode> nodes) {
        }

        public dev.wanedit.bootstrap.AppConfig config;

        /** Private members are not the API. */
        private picocli.CommandLine hidden() {
            return null;
        }
    }

    /** Names only the JDK's, the domain's and the application's types. */
    public static final class CleanApi {
        public java.util.Optional<dev.wanedit.domain.job.EditJob> job(dev.wanedit.domain.job.JobId id,
                                                                  dev.wanedit.application.port.in.value.ProgressListener p) {
            return java.util.Optional.empty();
        }

        private com.google.inject.Injector hidden() {
            return null;
        }
    }

    static ArchCondition<JavaClass> exposeOnlyDomainApplicationAndJdkTypes() {
        return new ArchCondition<>("expose only the JDK's, the domain's, the application's and the API's own types") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                if (!c.getFullName().equals(MODULE)) {
                    c.getRawSuperclass().ifPresent(s -> checkType(c, "super class", Set.of(s), events));
                }
                c.getInterfaces().forEach(i -> checkType(c, "interface", i.getAllInvolvedRawTypes(), events));
                for (JavaMember m : c.getMembers()) {
                    if (!m.getModifiers().contains(JavaModifier.PUBLIC) && !m.getModifiers().contains(JavaModifier.PROTECTED)) {
                        continue;
                    }
                    Set<JavaClass> types = new LinkedHashSet<>();
                    if (m instanceof JavaField f) {
                        types.addAll(f.getType().getAllInvolvedRawTypes());
                    } else if (m instanceof JavaCodeUnit u) {
                        types.addAll(u.getReturnType().getAllInvolvedRawTypes());
                        for (JavaType p : u.getParameterTypes()) {
                            types.addAll(p.getAllInvolvedRawTypes());
                        }
                        types.addAll(u.getExceptionTypes());
                    }
                    checkType(c, m.getFullName(), types, events);
                }
            }
        };
    }

    private static void checkType(JavaClass owner, String where, Set<JavaClass> types, ConditionEvents events) {
        for (JavaClass t : types) {
            String name = t.isArray() ? t.getBaseComponentType().getFullName() : t.getFullName();
            boolean allowed = t.isPrimitive() || (t.isArray() && t.getBaseComponentType().isPrimitive())
                    || ALLOWED.stream().anyMatch(name::startsWith);
            if (!allowed) {
                events.add(SimpleConditionEvent.violated(owner, where + " exposes " + name));
            }
        }
    }
}
