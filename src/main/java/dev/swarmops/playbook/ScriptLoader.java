package dev.swarmops.playbook;

import java.util.Set;

/**
 * The class loader playbooks and shell lines are compiled and loaded through: it sees the JDK,
 * Groovy's runtime and the DSL's API, and nothing else of swarmops or its libraries, so a name
 * the sandbox would refuse does not even resolve.
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

    /** Groovy's compiler also resolves names from class files as resources: those are hidden the same way. */
    @Override
    public java.net.URL getResource(String name) {
        return hidden(name) ? null : super.getResource(name);
    }

    @Override
    public java.util.Enumeration<java.net.URL> getResources(String name) throws java.io.IOException {
        return hidden(name) ? java.util.Collections.emptyEnumeration() : super.getResources(name);
    }

    private static boolean hidden(String resource) {
        return resource.endsWith(".class") && !visible(resource.substring(0, resource.length() - 6).replace('/', '.'));
    }

    static boolean visible(String name) {
        return PREFIXES.stream().anyMatch(name::startsWith) || OWN.contains(name)
                || SandboxPolicy.DSL.stream().anyMatch(c -> c.getName().equals(name));
    }
}
