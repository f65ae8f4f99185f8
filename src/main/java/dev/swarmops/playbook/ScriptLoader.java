package dev.swarmops.playbook;

import java.util.Set;

/**
 * The class loader playbooks and shell lines are loaded through: it loads the JDK, Groovy's
 * runtime and the DSL's API, and nothing else of swarmops or its libraries, so code that slipped
 * past the sandbox still could not link against them. (The compiler may read other class files
 * to type-check signatures; the sandbox refuses any use of them by name.)
 */
final class ScriptLoader extends ClassLoader {

    /** The JDK's reflection makes accessor classes through the loader of the class it reflects on. */
    private static final Set<String> PREFIXES = Set.of("java.", "groovy.", "org.codehaus.groovy.", "org.apache.groovy.",
            "jdk.internal.reflect.", "sun.reflect.");
    /** swarmops classes a compiled playbook refers to: its base class, the sandbox, and what the DSL hands out. */
    private static final Set<String> OWN = Set.of(Sandbox.class.getName(), Sandbox.BadPlaybookException.class.getName(),
            dev.swarmops.gate.Sensitive.class.getName(), dev.swarmops.ops.ServiceSpec.Mode.class.getName());

    ScriptLoader(ClassLoader app) {
        super(app);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!visible(name)) {
            throw new ClassNotFoundException(name + " is not visible to playbooks");
        }
        return super.loadClass(name, resolve);
    }

    static boolean visible(String name) {
        return PREFIXES.stream().anyMatch(name::startsWith) || OWN.contains(name)
                || SandboxPolicy.DSL.stream().anyMatch(c -> c.getName().equals(name));
    }
}
