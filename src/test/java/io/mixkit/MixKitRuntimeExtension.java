package io.mixkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts every test class as the CLI starts: {@link MixKitRuntime#init()} before any DJL use, so that MKL's
 * kernel choice ({@link MklDispatch}) does not depend on which test class happens to run first.
 * Registered for every test by {@code META-INF/services} and {@code junit-platform.properties}.
 */
public final class MixKitRuntimeExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        MixKitRuntime.init();
    }
}
