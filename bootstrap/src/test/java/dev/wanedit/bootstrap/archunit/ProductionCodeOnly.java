package dev.wanedit.bootstrap.archunit;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * Imports production classes only: not test classes of this module ({@code test-classes}) and not
 * the test-jars of other modules on the test classpath ({@code *-tests.jar}), which the built-in
 * {@link ImportOption.DoNotIncludeTests} does not recognise.
 */
public final class ProductionCodeOnly implements ImportOption {

    private static final ImportOption NO_TEST_CLASSES = new ImportOption.DoNotIncludeTests();

    @Override
    public boolean includes(Location location) {
        return NO_TEST_CLASSES.includes(location) && !location.contains("-tests.jar");
    }
}
