package dev.swarmops.playbook;

import dev.swarmops.ops.ServiceSpec;
import groovy.lang.GroovyObjectSupport;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import org.codehaus.groovy.runtime.InvokerHelper;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a {@code services.ensure(name) { … }} block runs against: the spec's public builder
 * methods and nothing else. Groovy would otherwise resolve a bare name in the block against the
 * spec's private fields ({@code secrets} read as the spec's own list, not the DSL), so a name the
 * spec does not offer as a method goes on to the playbook, as an author expects.
 */
final class SpecBlock extends GroovyObjectSupport {

    private static final Set<String> METHODS = Arrays.stream(ServiceSpec.class.getMethods())
            .filter(m -> m.getDeclaringClass() == ServiceSpec.class && !Modifier.isStatic(m.getModifiers()))
            .map(Method::getName).collect(Collectors.toUnmodifiableSet());

    private final ServiceSpec spec;

    SpecBlock(ServiceSpec spec) {
        this.spec = spec;
    }

    @Override
    public Object invokeMethod(String name, Object args) {
        if (!METHODS.contains(name)) {
            throw new MissingMethodException(name, ServiceSpec.class, InvokerHelper.asArray(args));
        }
        return InvokerHelper.invokeMethod(spec, name, args);
    }

    @Override
    public Object getProperty(String name) {
        throw new MissingPropertyException(name, SpecBlock.class);
    }

    @Override
    public void setProperty(String name, Object value) {
        throw new MissingPropertyException(name, SpecBlock.class);
    }
}
