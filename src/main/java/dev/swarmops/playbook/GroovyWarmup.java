package dev.swarmops.playbook;

import org.codehaus.groovy.runtime.FormatHelper;
import org.codehaus.groovy.runtime.InvokerHelper;

import java.util.List;

/**
 * Start-up only, for the commands that run Groovy ({@code run}, {@code shell}): initialises the
 * Groovy runtime on the second core while the first parses arguments, reads the playbook and its
 * settings. A cold run otherwise spends a quarter of a second on it in line: the metaclass
 * registry (every default Groovy method registered), the first GString's formatting (which makes
 * the compiler's resolver scan the JDK image and the Groovy jar for default imports, ~0.1 s), and a
 * metaclass for each DSL class a playbook calls into.
 *
 * <p>It runs no playbook code, touches no engine or file and swallows its own failures: whatever it
 * did not get to, the run does itself, as without it. Class initialisation is thread-safe, so the
 * run waits for a class the warm-up is still initialising and gets it finished.
 */
public final class GroovyWarmup {

    /** The classes every playbook run calls dynamically, in the order a run meets them. */
    private static final List<Class<?>> DSL = List.of(Playbook.class, groovy.lang.Binding.class, groovy.lang.Closure.class,
            SwarmDsl.class, HostDsl.class, DataDsl.class, NetworksDsl.class, ServicesDsl.class, VolumesDsl.class,
            DatabasesDsl.class, String.class, java.util.LinkedHashMap.class, java.util.ArrayList.class);

    private GroovyWarmup() {
    }

    /** Starts the warm-up on a daemon thread; returns at once. */
    public static void start() {
        Thread t = new Thread(GroovyWarmup::run, "swarmops-groovy-warmup");
        t.setDaemon(true);
        t.start();
    }

    static void run() {
        try {
            FormatHelper.toString(List.of("warm", 1));
            for (Class<?> c : DSL) {
                InvokerHelper.getMetaClass(c);
            }
        } catch (RuntimeException | LinkageError e) {
            // only a warm-up
        }
    }
}
