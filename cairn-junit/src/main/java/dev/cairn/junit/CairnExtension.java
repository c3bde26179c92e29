package dev.cairn.junit;

import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a Cairn test CA in-process for JUnit 5 tests and hands it to them as a {@link CairnCa}
 * parameter.
 *
 * <pre>{@code
 * @ExtendWith(CairnExtension.class)            // defaults: test mode, real validation
 * class MyClientTest {
 *     @Test void getsACertificate(CairnCa ca) { ... ca.directoryUrl() ... }
 * }
 *
 * class MyOtherTest {
 *     @RegisterExtension                        // serve options, as on the command line
 *     static CairnExtension cairn = CairnExtension.withOptions("--always-valid", "--cert-lifetime", "1h");
 * }
 * }</pre>
 *
 * <p>Lifetime: registered with {@code @ExtendWith} or in a static field, one CA serves the whole
 * class, and before each test its clock goes back to real time and its faults back to the
 * configured ones (accounts, orders and challenge responses stay). Registered in an instance
 * field, every test gets a fresh CA. The CA is closed when its scope ends.
 */
public final class CairnExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CairnExtension.class);

    private final List<String> options;

    /** Test mode with defaults; used by {@code @ExtendWith(CairnExtension.class)}. */
    public CairnExtension() {
        this(List.of());
    }

    private CairnExtension(List<String> options) {
        this.options = List.copyOf(options);
    }

    /** A CA started with these {@code cairn serve} options. */
    public static CairnExtension withOptions(String... serveOptions) {
        return new CairnExtension(List.of(serveOptions));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        CairnCa shared = context.getParent()
                .map(parent -> parent.getStore(NAMESPACE).get(this, CairnCa.class))
                .orElse(null);
        if (shared != null) {
            shared.resetBetweenTests();
        } else {
            start(context);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CairnCa.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        CairnCa ca = context.getStore(NAMESPACE).get(this, CairnCa.class);
        return ca != null ? ca : start(context);
    }

    /** The CA of this scope, started on first use; the store closes it when the scope ends. */
    private CairnCa start(ExtensionContext context) {
        return context.getStore(NAMESPACE).computeIfAbsent(this, key -> startCa(), CairnCa.class);
    }

    private CairnCa startCa() {
        try {
            return CairnCa.start(options);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Cairn did not start: " + e.getMessage(), e);
        }
    }
}
